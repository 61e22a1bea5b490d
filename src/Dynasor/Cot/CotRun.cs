using System.Diagnostics;
using System.Text;
using Dynasor.Answers;
using Dynasor.Certainty;
using Dynasor.Diagnostics;
using Dynasor.Engines;

namespace Dynasor.Cot;

/// <summary>
/// One Dynasor-CoT run as a pull-based state machine (the iterator in <see cref="DynasorCot"/> only forwards its
/// events, because C# iterators cannot catch around a yield). The chain is generated in chunks of T tokens by
/// continuing the assistant prefix; each chunk boundary launches a probe that streams while the next chunk does.
/// A probe launched at chain position p is applied when the chain reaches p + ProbeMaxTokens (awaited there if still
/// running): on an engine that decodes the two in lockstep the probe is done by then, and tying the decision to a
/// chain position, not to which stream won a race, makes the exit point depend only on what the engine generated.
/// Single consumer; probe tasks share only the upstream token counter. Traced as a <see cref="DynasorActivity.CotRun"/>
/// span with a child span per chunk and per probe; parents are passed explicitly, because the iterator that drives the
/// run does not keep <see cref="Activity.Current"/> across its yields.
/// </summary>
internal sealed class CotRun : IAsyncDisposable
{
    private readonly IStreamingEngine _engine;
    private readonly ContinuationRequest _request;
    private readonly CotOptions _options;
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _cts;
    // The turn so far as the engine filed it: content, reasoning, and the generated ids while every piece had them.
    private readonly StringBuilder _content;
    private readonly StringBuilder _reasoning;
    private readonly List<int> _ids;
    private bool _idsComplete;
    private int[]? _promptIds;
    private bool? _inReasoning;
    private int? _promptTokens;
    private readonly long _budget;
    private readonly ProbeConsistency _consistency;
    private readonly List<(string Answer, string Key, int AnswerTokens)> _recorded = [];
    private readonly Queue<(Task<ProbeOutput> Probe, long ApplyAt)> _pending = new();
    private readonly List<Task<ProbeOutput>> _probes = [];
    private IAsyncEnumerator<StreamedToken>? _chunk;
    private bool _atBoundary;
    private long _chunkLimit;
    private long _chunkTokens;
    private string? _chunkFinish;
    private long _chainTokens;
    private long _upstreamTokens;
    private string? _finish;
    private bool _done;
    private bool _stopped;
    private readonly Activity? _activity;
    private Activity? _chunkActivity;

    public CotRun(IStreamingEngine engine, ContinuationRequest request, CotOptions options, CancellationToken cancellationToken)
    {
        _engine = engine;
        _request = request;
        _options = options;
        _caller = cancellationToken;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _content = new StringBuilder(request.AssistantPrefix);
        _reasoning = new StringBuilder(request.ReasoningPrefix);
        _ids = request.PrefixTokenIds is { } ids ? [.. ids] : [];
        _idsComplete = true;
        _promptIds = request.PromptTokenIds;
        _inReasoning = request.InReasoning;
        _budget = Math.Min(request.MaxTokens, options.MaxTokens);
        _consistency = new ProbeConsistency(options.Window);
        _activity = DynasorActivity.StartStep(DynasorActivity.CotRun);
    }

    /// <summary>The next event, or null after the final one.</summary>
    public async ValueTask<CotEvent?> NextAsync()
    {
        try
        {
            return await StepAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (DynasorActivity.Fail(_activity, e))
        {
            throw;
        }
    }

    private async ValueTask<CotEvent?> StepAsync()
    {
        while (!_done)
        {
            _caller.ThrowIfCancellationRequested();
            // The chain's own end wins over probes not yet due: no answer is appended to a finished chain.
            if (_finish is not null)
                return await FinishAsync().ConfigureAwait(false);
            // After a token that carried a finish, wait for the chunk's end to tell our limit from the chain's own end.
            while (_chunkFinish is null && _pending.TryPeek(out var due) && due.ApplyAt <= _chainTokens)
            {
                _pending.Dequeue();
                Record(await due.Probe.ConfigureAwait(false));
                if (_consistency.IsSettled)
                    return await ExitAsync().ConfigureAwait(false);
            }

            if (_chunk is null)
            {
                var prefix = Prefix();
                if (_atBoundary)
                    LaunchProbe(prefix);
                _chunk = StartChunk(prefix);
            }
            if (!await _chunk.MoveNextAsync().ConfigureAwait(false))
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
            if (token.Report is { } report)
            {
                _promptIds ??= report.PromptTokenIds;
                _promptTokens ??= report.PromptTokens;
                _inReasoning = report.InReasoning ?? _inReasoning;
            }
            if (token.TokenIds is { } pieceIds)
                _ids.AddRange(pieceIds);
            else if (token.Tokens > 0)
                _idsComplete = false;
            var text = token.Text ?? "";
            _reasoning.Append(token.Reasoning);
            _content.Append(text);
            if (text.Length > 0 || !string.IsNullOrEmpty(token.Reasoning))
                return new CotEvent(text, token.Reasoning, token.Tokens);
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _cts.Dispose();
        if (_activity is not null)
        {
            _activity.SetTag(DynasorActivity.Tokens, Interlocked.Read(ref _upstreamTokens));
            _activity.SetTag("dynasor.cot.probes", _recorded.Count);
            _activity.SetTag(DynasorActivity.Certaindex, _consistency.Certaindex);
            _activity.Dispose();
        }
    }

    // The request that continues the turn as it stands: its text by field, and its ids while they are all known.
    private ContinuationRequest Prefix() => _request with
    {
        AssistantPrefix = _content.ToString(),
        ReasoningPrefix = _reasoning.ToString(),
        PromptTokenIds = _promptIds,
        PrefixTokenIds = _idsComplete && _promptIds is not null ? [.. _ids] : null,
        InReasoning = _inReasoning,
    };

    private IAsyncEnumerator<StreamedToken> StartChunk(ContinuationRequest prefix)
    {
        _chunkLimit = Math.Min(_options.ProbeInterval, _budget - _chainTokens);
        _chunkTokens = 0;
        _chunkFinish = null;
        _atBoundary = false;
        var request = prefix with { MaxTokens = (int)_chunkLimit, Continued = true };
        // Current for the rest of this step, so the chunk's upstream request (sent on the first MoveNextAsync) is its child.
        _chunkActivity = DynasorActivity.StartStep(DynasorActivity.CotChunk, _activity);
        _chunkActivity?.SetTag(DynasorActivity.Position, _chainTokens);
        return _engine.StreamAsync(request, _cts.Token).GetAsyncEnumerator(_cts.Token);
    }

    private async ValueTask EndChunkAsync()
    {
        await _chunk!.DisposeAsync().ConfigureAwait(false);
        _chunk = null;
        // A stream that ends without a finish reason stopped by itself if it stopped short of its limit.
        var finish = _chunkFinish ?? (_chunkTokens < _chunkLimit ? "stop" : "length");
        EndChunkSpan(finish);
        _chunkFinish = null;
        // Our own chunk limit, not the chain's end: the next pass probes the chain so far and starts the next chunk.
        if (finish == "length" && _chunkTokens >= _chunkLimit && _chainTokens < _budget)
            _atBoundary = true;
        else
            _finish = finish;
    }

    private void EndChunkSpan(string? finish)
    {
        if (_chunkActivity is null)
            return;
        _chunkActivity.SetTag(DynasorActivity.Tokens, _chunkTokens);
        _chunkActivity.SetTag("gen_ai.response.finish_reasons", finish is null ? null : new[] { finish });
        _chunkActivity.Dispose();
        _chunkActivity = null;
    }

    private void LaunchProbe(ContinuationRequest prefix)
    {
        // Not awaited here: the probe streams while the next chunk does.
        var probe = ProbeAsync(prefix with { Suffix = _options.ProbeSuffix, MaxTokens = _options.ProbeMaxTokens }, _chainTokens);
        _pending.Enqueue((probe, _chainTokens + _options.ProbeMaxTokens));
        _probes.Add(probe);
    }

    private void Record(ProbeOutput output)
    {
        // An unclosed box means the answer did not fit in the probe: count it as empty (it never agrees), as the
        // reference does. A leading '}' makes ProbeConsistency read "" while it still checks every word for hedges.
        _consistency.Add(output.Closed ? output.Text : "}" + output.Text);
        _recorded.Add((output.Answer, AnswerKey.Of(output.Answer), output.AnswerTokens));
    }

    private async Task<ProbeOutput> ProbeAsync(ContinuationRequest request, long position)
    {
        // Current inside this task: the probe's upstream request is its child.
        using var span = DynasorActivity.StartStep(DynasorActivity.CotProbe, _activity);
        span?.SetTag(DynasorActivity.Position, position);
        var text = new StringBuilder();
        var pieces = new List<(int Offset, int Tokens)>();
        var closedAt = -1;
        try
        {
            await foreach (var token in _engine.StreamAsync(request, _cts.Token).WithCancellation(_cts.Token).ConfigureAwait(false))
            {
                Interlocked.Add(ref _upstreamTokens, token.Tokens);
                pieces.Add((text.Length, token.Tokens));
                // A reasoning parser upstream may file the probe's answer as reasoning: read both fields.
                text.Append(token.Reasoning).Append(token.Text);
                if (closedAt < 0 && ProbeConsistency.AnswerBeforeUnmatchedBrace(text.ToString()).Length < text.Length)
                    closedAt = pieces.Count;
                // Past the box, only a hedge right after the answer still counts; then the stream is cut (disposing
                // the enumerator cancels the upstream request), so no further probe token is generated.
                if (closedAt >= 0 && pieces.Count - closedAt >= _options.ProbeTailTokens)
                    break;
            }
        }
        catch (Exception e) when (!_cts.IsCancellationRequested)
        {
            // A failed probe only costs this probe's vote; the chain goes on and reports its own failures.
            DynasorActivity.Fail(span, e);
            return new ProbeOutput("", "", 0, Closed: false);
        }
        var all = text.ToString();
        var answer = ProbeConsistency.AnswerBeforeUnmatchedBrace(all);
        var closed = answer.Length < all.Length;
        var answerTokens = closed ? pieces.Where(p => p.Offset < answer.Length).Sum(p => p.Tokens) : 0;
        if (span is not null)
        {
            span.SetTag(DynasorActivity.Tokens, (long)pieces.Sum(p => p.Tokens));
            span.SetTag("dynasor.cot.probe.closed", closed);
        }
        return new ProbeOutput(all, closed ? answer.Trim() : "", answerTokens, closed);
    }

    private async ValueTask<CotEvent> ExitAsync()
    {
        var (answer, _, answerTokens) = _recorded[^1];
        var appended = FinalAnswer.Text(_content.ToString(), answer);
        await StopAsync().ConfigureAwait(false);
        _done = true;
        return new CotEvent(appended, Summary: Summary(exited: true, answer, _chainTokens + answerTokens, "stop"));
    }

    private async ValueTask<CotEvent> FinishAsync()
    {
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
            EndChunkSpan(null);
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
            Interlocked.Read(ref _upstreamTokens), completionTokens, finish) { PromptTokens = _promptTokens };
    }
}
