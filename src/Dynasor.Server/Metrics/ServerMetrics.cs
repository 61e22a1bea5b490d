using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dynasor.Diagnostics;
using Dynasor.Server.Modes;

namespace Dynasor.Server.Metrics;

/// <summary>
/// The server's metrics as <see cref="System.Diagnostics.Metrics"/> instruments on a <see cref="Meter"/> named
/// <c>Dynasor</c>: the GenAI semantic conventions' server metrics and token usage (<see cref="GenAiConventions"/>) and
/// Dynasor's own under <c>dynasor.</c> (docs/observability.md lists each with its Prometheus name). The OpenTelemetry
/// SDK reads them for <c>/metrics</c> and OTLP. One instance per server (each has its own meter, so several servers in
/// one process count apart); thread-safe; recording costs nothing while nobody listens.
/// </summary>
public sealed class ServerMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = DynasorActivity.SourceName;

    private const string Mode = "dynasor.mode";
    private readonly Histogram<double> _duration, _firstToken, _perOutputToken, _certaindex;
    private readonly Histogram<long> _usage, _choiceTokens;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _upstreamTokens, _clientTokens, _choices, _earlyExits, _probes, _rewardTokens, _searchSteps, _limits, _drainRefused, _drainEnded, _recordsDropped;

    public ServerMetrics()
    {
        Meter = new Meter(MeterName, typeof(ServerMetrics).Assembly.GetName().Version?.ToString(3));
        _duration = Histogram<double>(GenAiConventions.RequestDuration, "s", "Time from a completion request to its last byte.", GenAiConventions.DurationBuckets);
        _firstToken = Histogram<double>(GenAiConventions.TimeToFirstToken, "s", "Time to the first byte of a successful streamed answer.", GenAiConventions.FirstTokenBuckets);
        _perOutputToken = Histogram<double>(GenAiConventions.TimePerOutputToken, "s",
            "Time per output token after the first, of a successful streamed answer.", GenAiConventions.OutputTokenBuckets);
        _usage = Histogram<long>(GenAiConventions.TokenUsage, "{token}", "Input and output tokens of a successful request, as its usage reports them.", GenAiConventions.TokenBuckets);
        _active = Meter.CreateUpDownCounter<long>("dynasor.server.active_requests", "{request}", "Completion requests being served now.");
        _upstreamTokens = Meter.CreateCounter<long>("dynasor.upstream.tokens", "{token}", "Tokens generated upstream: probes and discarded samples included.");
        _clientTokens = Meter.CreateCounter<long>("dynasor.client.tokens", "{token}", "Completion tokens sent to clients.");
        _choices = Meter.CreateCounter<long>("dynasor.choices", "{choice}", "Choices a program (cot, sc) finished, by mode and whether they exited early.");
        _earlyExits = Meter.CreateCounter<long>("dynasor.early_exits", "{choice}", "Choices that stopped before the model finished (cot) or before their sample cap (sc).");
        _probes = Meter.CreateCounter<long>("dynasor.cot.probes", "{probe}", "Probe requests Dynasor-CoT made.");
        _rewardTokens = Meter.CreateCounter<long>("dynasor.reward.tokens", "{token}", "Tokens the reward model read for the reward modes (rebase, mcts, bon, wsc), counted apart from the policy model's.");
        _searchSteps = Meter.CreateCounter<long>("dynasor.search.steps", "{request}", "Step requests (or samples) the reward modes made.");
        _certaindex = Histogram<double>("dynasor.certaindex", "1", "Certaindex in [0, 1] when a choice stopped.", [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
        _choiceTokens = Histogram<long>("dynasor.choice.upstream_tokens", "{token}", "Tokens one choice spent upstream (its budget used).", GenAiConventions.TokenBuckets);
        _limits = Meter.CreateCounter<long>("dynasor.limit.rejections", "{request}", "Requests refused by a server limit, by the setting that set it.");
        _drainRefused = Meter.CreateCounter<long>("dynasor.drain.refused_requests", "{request}", "Requests refused (503) because the server was draining.");
        _drainEnded = Meter.CreateCounter<long>("dynasor.drain.ended_requests", "{request}", "Requests still open when the drain timed out, ended with an error.");
        _recordsDropped = Meter.CreateCounter<long>("dynasor.records.dropped", "{record}", "Records of serve --record dropped because the queue was full or the disk failed; requests are unaffected.");
    }

    /// <summary>The meter every instrument of this server is on.</summary>
    public Meter Meter { get; }

    /// <summary>Counts a completion request as started; pair with <see cref="Finish"/>.</summary>
    internal void Start() => _active.Add(1);

    /// <summary>Records a finished completion request.</summary>
    internal void Finish(in RequestOutcome outcome)
    {
        _active.Add(-1);
        var tags = Tags(outcome);
        var failed = tags;
        failed.Add(GenAiConventions.StatusCode, outcome.Status);
        if (outcome.ErrorType is { } error)
            failed.Add(GenAiConventions.ErrorType, error);
        _duration.Record(outcome.Duration.TotalSeconds, failed);
        if (outcome.Status != 200)
            return;
        if (outcome.InputTokens is { } input)
            _usage.Record(input, With(tags, GenAiConventions.TokenType, "input"));
        _usage.Record(outcome.OutputTokens, With(tags, GenAiConventions.TokenType, "output"));
        // Only a stream shows its client when the first token came; a whole answer arrives at once.
        if (!outcome.Streamed || outcome.FirstByte is not { } first)
            return;
        _firstToken.Record(first.TotalSeconds, tags);
        if (outcome.OutputTokens > 1)
            _perOutputToken.Record((outcome.Duration - first).TotalSeconds / (outcome.OutputTokens - 1), tags);
    }

    /// <summary>Adds tokens of a finished (or cut short) choice of a request in <paramref name="mode"/>.</summary>
    internal void AddTokens(string mode, long upstream, long client)
    {
        var tags = new TagList { { Mode, mode } };
        _upstreamTokens.Add(upstream, tags);
        _clientTokens.Add(client, tags);
    }

    /// <summary>Records what a program did for one finished choice (a pass-through runs none: not counted).</summary>
    internal void AddChoice(ModeSummary summary)
    {
        if (summary.Mode == "off")
            return;
        var tags = new TagList { { Mode, summary.Mode }, { DynasorActivity.ExitedEarly, summary.ExitedEarly } };
        _choices.Add(1, tags);
        if (summary.ExitedEarly)
            _earlyExits.Add(1, new TagList { { Mode, summary.Mode } });
        if (summary.Probes > 0)
            _probes.Add(summary.Probes);
        if (summary.Search is { } search)
        {
            var mode = new TagList { { Mode, summary.Mode } };
            _rewardTokens.Add(search.RewardTokens, mode);
            _searchSteps.Add(search.Steps, mode);
        }
        if (summary.Certaindex is { } certaindex)
            _certaindex.Record(certaindex, tags);
        _choiceTokens.Record(summary.UpstreamTokens, tags);
    }

    /// <summary>Counts a request refused by the limit the server setting <paramref name="setting"/> sets.</summary>
    internal void Rejected(string setting) => _limits.Add(1, new TagList { { "dynasor.limit", setting } });

    /// <summary>Counts a request refused because the server was draining.</summary>
    internal void DrainRefused() => _drainRefused.Add(1);

    /// <summary>Counts a request ended by the drain's timeout.</summary>
    internal void DrainEnded() => _drainEnded.Add(1);

    /// <summary>Counts a record of <c>serve --record</c> that was dropped (queue full, disk failed); requests are unaffected.</summary>
    internal void RecordDropped() => _recordsDropped.Add(1);

    public void Dispose() => Meter.Dispose();

    private Histogram<T> Histogram<T>(string name, string unit, string description, IReadOnlyList<T> buckets) where T : struct =>
        Meter.CreateHistogram(name, unit, description, tags: null, new InstrumentAdvice<T> { HistogramBucketBoundaries = buckets });

    private static TagList Tags(in RequestOutcome outcome)
    {
        var tags = new TagList
        {
            { GenAiConventions.OperationName, outcome.Operation },
            { GenAiConventions.ProviderName, GenAiConventions.Provider },
            { Mode, outcome.Mode },
        };
        if (outcome.RequestModel is { } requested)
            tags.Add(GenAiConventions.RequestModel, requested);
        if (outcome.ResponseModel is { } responded)
            tags.Add(GenAiConventions.ResponseModel, responded);
        return tags;
    }

    private static TagList With(TagList tags, string key, string value)
    {
        tags.Add(key, value);
        return tags;
    }
}
