using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Dynasor.Server.Upstream;

namespace Dynasor.Server.Relay;

/// <summary>
/// The streams of one request fanned out to an engine that ignores <c>n</c> (Ollama), merged into the one stream the
/// client asked for: choice <c>i</c>'s chunks carry <c>index</c> i and the first stream's <c>id</c>; each stream's
/// usage-only chunk is held back and one chunk with the summed usage (the prompt counted once, as OpenAI counts it)
/// follows the last choice, then <c>[DONE]</c>. Chunks are rewritten as JSON: a rare path, not the per-token one.
/// </summary>
internal sealed class FanOutLines : IRelayLines, IAsyncDisposable
{
    private readonly Channel<byte[]> _lines = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _pumps;
    private readonly CancellationTokenSource _stop;
    private byte[]? _current;
    private string? _id;
    private JsonObject? _usage;
    private readonly object _lock = new();

    public FanOutLines(IReadOnlyList<IRelayLines> streams, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _pumps = Task.WhenAll(streams.Select(PumpAsync)).ContinueWith(t =>
        {
            if (t.Exception is null)
            {
                WriteUsage();
                _lines.Writer.TryWrite("data: [DONE]"u8.ToArray());
            }
            _lines.Writer.TryComplete(t.Exception?.GetBaseException());
        }, TaskScheduler.Default);
    }

    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        if (_lines.Reader.TryRead(out _current))
        {
            line = _current;
            return true;
        }
        line = default;
        return false;
    }

    public async ValueTask<bool> FillAsync()
    {
        try
        {
            return await _lines.Reader.WaitToReadAsync(_stop.Token);
        }
        catch (ChannelClosedException e) when (e.InnerException is UpstreamException u)
        {
            throw u;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pumps;
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        _stop.Dispose();
    }

    private async Task PumpAsync(IRelayLines source, int choice)
    {
        while (true)
        {
            while (source.TryReadLine(out var line))
            {
                if (!line.StartsWith("data:"u8))
                    continue;
                var payload = line[5..].Trim(" \t"u8);
                if (payload.SequenceEqual("[DONE]"u8))
                    return;
                if (Rewrite(payload, choice) is { } rewritten)
                    await _lines.Writer.WriteAsync(rewritten, _stop.Token);
            }
            if (!await source.FillAsync())
                return;
        }
    }

    // One choice's chunk renumbered; a usage-only chunk is summed instead, null then.
    private byte[]? Rewrite(ReadOnlySpan<byte> payload, int choice)
    {
        if (JsonNode.Parse(payload) is not JsonObject chunk)
            return [.. "data: "u8, .. payload];
        lock (_lock)
        {
            if (chunk["choices"] is JsonArray { Count: 0 } && chunk["usage"] is JsonObject usage)
            {
                Sum(chunk, usage);
                return null;
            }
            _id ??= chunk["id"]?.GetValue<string>();
            if (_id is not null && chunk.ContainsKey("id"))
                chunk["id"] = _id;
        }
        if (chunk["choices"] is JsonArray choices)
        {
            foreach (var c in choices.OfType<JsonObject>())
                c["index"] = choice;
        }
        return Encoding.UTF8.GetBytes("data: " + chunk.ToJsonString());
    }

    private void Sum(JsonObject chunk, JsonObject usage)
    {
        if (_usage is null)
        {
            _usage = chunk;
            return;
        }
        var total = (JsonObject)_usage["usage"]!;
        var completion = Count(total, "completion_tokens") + Count(usage, "completion_tokens");
        total["completion_tokens"] = completion;
        total["total_tokens"] = Count(total, "prompt_tokens") + completion;
    }

    private static long Count(JsonObject usage, string name) =>
        usage[name] is JsonValue value && value.TryGetValue<long>(out var count) ? count : 0;

    private void WriteUsage()
    {
        if (_usage is null)
            return;
        if (_id is not null && _usage.ContainsKey("id"))
            _usage["id"] = _id;
        _lines.Writer.TryWrite(Encoding.UTF8.GetBytes("data: " + _usage.ToJsonString()));
    }
}
