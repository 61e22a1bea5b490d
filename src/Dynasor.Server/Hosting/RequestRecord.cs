using Dynasor.Server.Metrics;
using Dynasor.Server.Modes;

namespace Dynasor.Server.Hosting;

/// <summary>
/// One request as it is served: what its access-log line, its API key's token budget, its metrics and its span need.
/// The endpoint creates it; the parts that finish choices add their tokens to it, which also counts them in the
/// server's metrics. Never holds prompt or output text. Thread-safe for the choices of one request.
/// </summary>
internal sealed class RequestRecord(ServerMetrics metrics, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private long _upstreamTokens;
    private long _clientTokens;
    private long _firstByte;

    /// <summary>The route (<c>chat</c> or <c>completions</c>).</summary>
    public string Route { get; set; } = "";

    /// <summary>The Dynasor mode, or <c>none</c> before the body was read.</summary>
    public string Mode { get; set; } = "none";

    /// <summary>The replica that served the request, when one did.</summary>
    public string? Replica { get; set; }

    /// <summary>The model the client asked for, once it resolved to one the server serves.</summary>
    public string? RequestModel { get; set; }

    /// <summary>The upstream model that serves the request, once known.</summary>
    public string? ResponseModel { get; set; }

    /// <summary>Whether the client asked for a stream.</summary>
    public bool Streamed { get; set; }

    /// <summary>The engine's count of the prompt's tokens, when it reported one.</summary>
    public long? PromptTokens { get; set; }

    /// <summary>Tokens generated upstream for the request.</summary>
    public long UpstreamTokens => Interlocked.Read(ref _upstreamTokens);

    /// <summary>Completion tokens the client received.</summary>
    public long ClientTokens => Interlocked.Read(ref _clientTokens);

    /// <summary>Time since the request started.</summary>
    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    /// <summary>Time from the start to the response's first byte, once it was sent.</summary>
    public TimeSpan? FirstByte => Interlocked.Read(ref _firstByte) is var at and > 0 ? time.GetElapsedTime(_started, at) : null;

    /// <summary>Notes the moment the response starts (its headers go out with the first chunk of a stream).</summary>
    public void MarkFirstByte() => Interlocked.CompareExchange(ref _firstByte, time.GetTimestamp(), 0);

    /// <summary>Adds tokens a request's choices spent (and counts them in the metrics).</summary>
    public void AddTokens(long upstream, long client)
    {
        Interlocked.Add(ref _upstreamTokens, upstream);
        Interlocked.Add(ref _clientTokens, client);
        metrics.AddTokens(Mode, upstream, client);
    }

    /// <summary>
    /// Adds the tokens of a request's choices, finished or not: a choice cut short (the client left, the drain ended it,
    /// the upstream failed) spent tokens too, and counts what its client got, the least its engine generated for it.
    /// A finished choice's summary also goes to the metrics (exit, probes, certaindex).
    /// </summary>
    public void AddTokens(IEnumerable<ChoiceOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            AddTokens(outcome.Summary?.UpstreamTokens ?? outcome.ClientTokens, outcome.ClientTokens);
            if (outcome.Summary is { } summary)
            {
                metrics.AddChoice(summary);
                PromptTokens ??= summary.PromptTokens;
            }
        }
    }

    /// <summary>How the request ended, for its metrics and its span.</summary>
    public RequestOutcome Outcome(int status, TimeSpan duration) =>
        new(GenAiConventions.Operation(Route == "chat"), Mode, status, duration, RequestModel, ResponseModel, Streamed, FirstByte, PromptTokens, ClientTokens);
}
