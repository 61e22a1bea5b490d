using System.Text;
using Dynasor.Answers;
using Dynasor.Certainty;
using Dynasor.Engines;

namespace Dynasor.Cot;

/// <summary>
/// One Dynasor-CoT run as a pull-based state machine (the iterator in <see cref="DynasorCot"/> only forwards its
/// events, because C# iterators cannot catch around a yield). The chain is generated in chunks of T tokens by
/// continuing the assistant prefix; each chunk boundary launches a probe that runs while the next chunk streams.
/// Probe answers are recorded in launch order as soon as the oldest pending probe completes, checked before every
/// chain token, so the run exits as soon as the window agrees and cancels the chunk and probes still in flight.
/// Single consumer; probe tasks share only the upstream token counter.
/// </summary>
internal sealed class CotRun : IAsyncDisposable
{
    private readonly IStreamingEngine _engine;
    private readonly ContinuationRequest _request;
    private readonly CotOptions _options;
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _cts;
    private readonly StringBuilder _chain;
    private readonly long _budget;
    private readonly ProbeConsistency _consistency;
    private readonly List<(string Answer, string Key, int AnswerTokens)> _recorded = [];
    private readonly Queue<Task<ProbeOutput>> _pending = new();
    private readonly List<Task<ProbeOutput>> _probes = [];
    private string _prefix;
    private IAsyncEnumerator<StreamedToken>? _chunk;
    private Task<bool>? _interruptedMove;
    private long _chunkLimit;
    private long _chunkTokens;
    private string? _chunkFinish;
    private long _chainTokens;
    private long _upstreamTokens;
    private string? _finish;
    private bool _done;
    private bool _stopped;

    public CotRun(IStreamingEngine engine, ContinuationRequest request, CotOptions options, CancellationToken cancellationToken)
    {
        _engine = engine;
        _request = request;
        _options = options;
        _caller = cancellationToken;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _prefix = request.AssistantPrefix;
        _chain = new StringBuilder(request.AssistantPrefix);
        _budget = Math.Min(request.MaxTokens, options.MaxTokens);
        _consistency = new ProbeConsistency(options.Window);
    }

    /// <summary>The next event, or null after the final one.</summary>
    public async ValueTask<CotEvent?> NextAsync()
    {
        while (!_done)
        {
            _caller.ThrowIfCancellationRequested();
            // The chain's own end wins over probes that complete after it: no answer is appended to a finished chain.
            if (_finish is not null)
                return await FinishAsync().ConfigureAwait(false);
            if (RecordCompletedProbes())
                return await ExitAsync().ConfigureAwait(false);

            _chunk ??= StartChunk();
            var move = _chunk.MoveNextAsync();
            bool more;
            if (move.IsCompleted || _pending.Count == 0)
                more = await move.ConfigureAwait(false);
            else
            {
                // Remembered while racing, so a stop from any path waits for it before disposing the chunk.
                var task = _interruptedMove = move.AsTask();
                if (await ProbeSettlesFirstAsync(task).ConfigureAwait(false))
                    return await ExitAsync().ConfigureAwait(false);
                _interruptedMove = null;
                more = await task.ConfigureAwait(false);
            }
            if (!more)
            {
                await EndChunkAsync().ConfigureAwait(false);
                continue;
            }

            var token = _chunk.Current;
            _chainTokens += token.Tokens;
            _chunkTokens += token.Tokens;
            Interlocked.Add(ref _upstreamTokens, token.Tokens);
            if (token.FinishReason is not null)
                _chunkFinish = token.FinishReason;
            var text = token.Text ?? "";
            _chain.Append(token.Reasoning).Append(text);
            if (text.Length > 0 || !string.IsNullOrEmpty(token.Reasoning))
                return new CotEvent(text, token.Reasoning, token.Tokens);
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _cts.Dispose();
    }

    private IAsyncEnumerator<StreamedToken> StartChunk()
    {
        _chunkLimit = Math.Min(_options.ProbeInterval, _budget - _chainTokens);
        _chunkTokens = 0;
        _chunkFinish = null;
        var request = _request with { AssistantPrefix = _prefix, MaxTokens = (int)_chunkLimit };
        return _engine.StreamAsync(request, _cts.Token).GetAsyncEnumerator(_cts.Token);
    }

    private async ValueTask EndChunkAsync()
    {
        await _chunk!.DisposeAsync().ConfigureAwait(false);
        _chunk = null;
        // A stream that ends without a finish reason stopped by itself if it stopped short of its limit.
        var finish = _chunkFinish ?? (_chunkTokens < _chunkLimit ? "stop" : "length");
        if (finish == "length" && _chunkTokens >= _chunkLimit && _chainTokens < _budget)
        {
            // Our own chunk limit, not the chain's end: probe the chain so far while the next chunk streams.
            _prefix = _chain.ToString();
            var probe = ProbeAsync(_prefix + _options.ProbeSuffix);
            _pending.Enqueue(probe);
            _probes.Add(probe);
            return;
        }
        _finish = finish;
    }

    // Waits for the chain's next token or the oldest pending probe, whichever comes first; true when probes settled.
    private async ValueTask<bool> ProbeSettlesFirstAsync(Task<bool> move)
    {
        while (!move.IsCompleted && _pending.TryPeek(out var oldest))
        {
            if (await Task.WhenAny(move, oldest).ConfigureAwait(false) != oldest)
                return false;
            if (RecordCompletedProbes())
                return true;
        }
        return false;
    }

    // Records probes that have completed, oldest first, stopping at the first still running so the order of
    // answers never depends on which probe finished first. True when the window now agrees.
    private bool RecordCompletedProbes()
    {
        while (_pending.TryPeek(out var oldest) && oldest.IsCompleted)
        {
            _pending.Dequeue();
            if (!oldest.IsCompletedSuccessfully)
                _caller.ThrowIfCancellationRequested();
            var output = oldest.GetAwaiter().GetResult();
            // An unclosed box means the answer did not fit in the probe: count it as empty (it never agrees), as the
            // reference does. A leading '}' makes ProbeConsistency read "" while it still checks every word for hedges.
            _consistency.Add(output.Closed ? output.Text : "}" + output.Text);
            _recorded.Add((output.Answer, AnswerKey.Of(output.Answer), output.AnswerTokens));
            if (_consistency.IsSettled)
                return true;
        }
        return false;
    }

    private async Task<ProbeOutput> ProbeAsync(string prefix)
    {
        var request = _request with { AssistantPrefix = prefix, MaxTokens = _options.ProbeMaxTokens };
        var text = new StringBuilder();
        var pieces = new List<(int Offset, int Tokens)>();
        try
        {
            await foreach (var token in _engine.StreamAsync(request, _cts.Token).WithCancellation(_cts.Token).ConfigureAwait(false))
            {
                Interlocked.Add(ref _upstreamTokens, token.Tokens);
                pieces.Add((text.Length, token.Tokens));
                // A reasoning parser upstream may file the probe's answer as reasoning: read both fields.
                text.Append(token.Reasoning).Append(token.Text);
            }
        }
        catch (Exception) when (!_cts.IsCancellationRequested)
        {
            // A failed probe only costs this probe's vote; the chain goes on and reports its own failures.
            return new ProbeOutput("", "", 0, Closed: false);
        }
        var all = text.ToString();
        var answer = ProbeConsistency.AnswerBeforeUnmatchedBrace(all);
        var closed = answer.Length < all.Length;
        var answerTokens = closed ? pieces.Where(p => p.Offset < answer.Length).Sum(p => p.Tokens) : 0;
        return new ProbeOutput(all, closed ? answer.Trim() : "", answerTokens, closed);
    }

    private async ValueTask<CotEvent> ExitAsync()
    {
        var (answer, _, answerTokens) = _recorded[^1];
        var appended = FinalAnswer.Text(_chain.ToString(), answer);
        await StopAsync().ConfigureAwait(false);
        _done = true;
        return new CotEvent(appended, Summary: Summary(exited: true, answer, _chainTokens + answerTokens, "stop"));
    }

    private async ValueTask<CotEvent> FinishAsync()
    {
        // Probes already answered still count in the summary; they cannot change a finished chain.
        RecordCompletedProbes();
        await StopAsync().ConfigureAwait(false);
        _done = true;
        return new CotEvent("", Summary: Summary(exited: false, null, _chainTokens, _finish!));
    }

    // Cancels everything still running and waits for it, so no upstream stream outlives the run.
    private async ValueTask StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        await _cts.CancelAsync().ConfigureAwait(false);
        if (_interruptedMove is { } move)
        {
            try
            {
                // A token that arrived after the exit was generated upstream but is not sent: count it as discarded.
                if (await move.ConfigureAwait(false))
                    Interlocked.Add(ref _upstreamTokens, _chunk!.Current.Tokens);
            }
            catch (Exception) when (_cts.IsCancellationRequested)
            {
            }
        }
        if (_chunk is not null)
        {
            try
            {
                await _chunk.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_cts.IsCancellationRequested)
            {
            }
            _chunk = null;
        }
        foreach (var probe in _probes)
        {
            try
            {
                await probe.ConfigureAwait(false);
            }
            catch (Exception) when (_cts.IsCancellationRequested)
            {
            }
        }
    }

    private CotSummary Summary(bool exited, string? answer, long completionTokens, string finish)
    {
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        var spelling = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = Math.Max(0, _recorded.Count - _options.Window); i < _recorded.Count; i++)
        {
            var (written, key, _) = _recorded[i];
            if (key.Length == 0)
                continue;
            if (!spelling.TryGetValue(key, out var shown))
                spelling[key] = shown = written;
            votes[shown] = votes.GetValueOrDefault(shown) + 1;
        }
        return new CotSummary(exited, _recorded.Count, _consistency.Certaindex, votes, answer,
            Interlocked.Read(ref _upstreamTokens), completionTokens, finish);
    }
}
