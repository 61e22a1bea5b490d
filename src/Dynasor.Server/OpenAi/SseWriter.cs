using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Dynasor.Server.Modes;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.OpenAi;

/// <summary>
/// Writes server-sent events (<c>data: JSON\n\n</c>) straight into a response's pipe. <see cref="WriteAsync"/> sends
/// one event at once; <see cref="Write"/> and <see cref="WriteToken"/> only buffer, and the caller flushes as soon as
/// it has no further event ready, so a token never waits for the next one. One writer per response; not thread-safe.
/// </summary>
public sealed class SseWriter(HttpResponse response)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private Utf8JsonWriter? _json;
    private TokenChunkTemplate? _template;

    private PipeWriter Pipe => response.BodyWriter;

    /// <summary>Sends the SSE response headers.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        return response.StartAsync(cancellationToken);
    }

    /// <summary>Buffers one <c>data:</c> event whose JSON <paramref name="write"/> produces; <see cref="FlushAsync"/> sends it.</summary>
    public void Write(Action<Utf8JsonWriter> write)
    {
        var pipe = Pipe;
        pipe.Write(DataPrefix);
        var json = Json(pipe);
        write(json);
        json.Flush();
        pipe.Write(EventEnd);
    }

    /// <summary>
    /// Buffers a middle chunk (not a choice's first or last: no role, no finish reason) for <paramref name="e"/>, the
    /// same bytes <see cref="ResponseJson.Chunk"/> writes for it, from a per-response template.
    /// </summary>
    public void WriteToken(ResponseContext context, int index, ModeEvent e)
    {
        if (_template is null || !ReferenceEquals(_template.Context, context))
            _template = new TokenChunkTemplate(context);
        var pipe = Pipe;
        _template.Write(pipe, Json(pipe), index, e.Text, e.Reasoning);
    }

    /// <summary>Sends what is buffered.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken) => await Pipe.FlushAsync(cancellationToken);

    /// <summary>Writes one <c>data:</c> event whose JSON <paramref name="write"/> produces, and sends it (with anything buffered).</summary>
    public ValueTask WriteAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        Write(write);
        return FlushAsync(cancellationToken);
    }

    /// <summary>Writes <c>data: [DONE]</c>, the end of an OpenAI stream, and sends it.</summary>
    public async ValueTask DoneAsync(CancellationToken cancellationToken)
    {
        Pipe.Write(Done);
        await Pipe.FlushAsync(cancellationToken);
    }

    private Utf8JsonWriter Json(PipeWriter pipe)
    {
        if (_json is null)
            _json = new Utf8JsonWriter(pipe);
        else
            _json.Reset(pipe);
        return _json;
    }
}
