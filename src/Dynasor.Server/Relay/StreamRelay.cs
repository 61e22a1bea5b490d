using System.Buffers;
using System.IO.Pipelines;
using Dynasor.Server.Modes;
using Dynasor.Server.Upstream;

namespace Dynasor.Server.Relay;

/// <summary>
/// Relays an engine's server-sent event stream to the client line by line, as the engine wrote it: every field of
/// every chunk reaches the client. Three changes only: a usage-only chunk the client did not ask for (Dynasor asked for
/// it, to count tokens) is withheld; the last chunk that ended a choice or carried usage gets the <c>dynasor</c> object
/// (it is held until the next line shows it is the last); and the stream ends with <c>data: [DONE]</c>. What has been
/// read is written out before the relay waits for more, so a token never waits for the next one.
/// </summary>
internal sealed class StreamRelay(PipeWriter client, bool clientWantsUsage, Func<RelayTotals, ModeSummary> summary)
{
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private byte[]? _held;
    private long? _completion;
    private long? _usageOnlySum;
    private long? _prompt;
    private long _pieces;
    private bool _wrote;

    /// <summary>True once anything was written to the client (then failures must end the stream, not set a status).</summary>
    public bool Started => _wrote;

    /// <summary>Relays until the engine's <c>[DONE]</c>; throws <see cref="UpstreamException"/> when the stream breaks first.</summary>
    public async Task<RelayTotals> RunAsync(IRelayLines lines, CancellationToken cancellationToken)
    {
        var errorSeen = false;
        while (true)
        {
            if (!lines.TryReadLine(out var line))
            {
                if (_wrote)
                    await client.FlushAsync(cancellationToken);
                if (await lines.FillAsync())
                    continue;
                // An engine that reported an error and closed has said all it will: its error event is the end.
                if (errorSeen)
                    break;
                throw new UpstreamException(502, "The upstream ended the stream before it finished.");
            }
            if (line.IsEmpty)
                continue;
            if (!line.StartsWith("data:"u8))
            {
                // Comments, event names, ids: passed on as lines (blank lines are re-made after each data event).
                Write(line, LineEnd);
                continue;
            }
            var payload = line[5..].Trim(" \t"u8);
            if (payload.SequenceEqual("[DONE]"u8))
                break;
            if (!ChunkInfo.TryRead(payload, out var info))
            {
                Write(line, EventEnd);
                continue;
            }
            errorSeen |= info.IsError;
            _completion = info.CompletionTokens ?? _completion;
            _prompt = info.PromptTokens ?? _prompt;
            _pieces += info.Pieces;
            var usageOnly = info.Choices == 0 && info.CompletionTokens is not null;
            // llama.cpp sends one usage chunk per choice, each counting its own (PR #27318): usage-only chunks add up.
            if (usageOnly)
                _usageOnlySum = (_usageOnlySum ?? 0) + info.CompletionTokens;
            if (usageOnly && !clientWantsUsage)
                continue;
            if (info.Finished > 0 || info.CompletionTokens is not null)
            {
                Release(dynasor: false);
                _held = line.ToArray();
                continue;
            }
            Release(dynasor: false);
            Write(line, EventEnd);
        }
        var totals = new RelayTotals(_usageOnlySum ?? _completion ?? _pieces, _prompt);
        Release(dynasor: true, totals);
        client.Write(Done);
        _wrote = true;
        await client.FlushAsync(cancellationToken);
        return totals;
    }

    private void Write(ReadOnlySpan<byte> line, byte[] end)
    {
        client.Write(line);
        client.Write(end);
        _wrote = true;
    }

    // Writes the held chunk, with the dynasor object when it is the stream's last.
    private void Release(bool dynasor, RelayTotals totals = default)
    {
        if (_held is not { } held)
            return;
        _held = null;
        if (dynasor)
        {
            client.Write("data: "u8);
            DynasorSplice.Write(client, held.AsSpan(5).Trim(" \t"u8), summary(totals));
            client.Write(EventEnd);
            _wrote = true;
        }
        else
            Write(held, EventEnd);
    }
}
