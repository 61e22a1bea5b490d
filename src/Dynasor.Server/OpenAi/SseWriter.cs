using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.OpenAi;

/// <summary>
/// Writes server-sent events (<c>data: JSON\n\n</c>) to a response and flushes each one, so every token leaves as
/// soon as it is made. One writer per response; not thread-safe.
/// </summary>
public sealed class SseWriter(HttpResponse response)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private Utf8JsonWriter? _json;

    /// <summary>Sends the SSE response headers.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        return response.StartAsync(cancellationToken);
    }

    /// <summary>Writes one <c>data:</c> event whose JSON <paramref name="write"/> produces, and flushes it.</summary>
    public async ValueTask WriteAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        if (_json is null)
            _json = new Utf8JsonWriter(_buffer);
        else
            _json.Reset(_buffer);
        write(_json);
        _json.Flush();
        var pipe = response.BodyWriter;
        pipe.Write(DataPrefix);
        pipe.Write(_buffer.WrittenSpan);
        pipe.Write(EventEnd);
        await pipe.FlushAsync(cancellationToken);
    }

    /// <summary>Writes <c>data: [DONE]</c>, the end of an OpenAI stream.</summary>
    public async ValueTask DoneAsync(CancellationToken cancellationToken)
    {
        response.BodyWriter.Write(Done);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }
}
