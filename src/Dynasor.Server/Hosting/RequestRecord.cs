using Dynasor.Server.Metrics;

namespace Dynasor.Server.Hosting;

/// <summary>
/// One request as it is served: what its access-log line and its API key's token budget need. The endpoint creates it;
/// the parts that finish choices add their tokens to it, which also counts them in the server's metrics. Never holds
/// prompt or output text. Thread-safe for the choices of one request.
/// </summary>
internal sealed class RequestRecord(ServerMetrics metrics)
{
    private long _upstreamTokens;
    private long _clientTokens;

    /// <summary>The route (<c>chat</c> or <c>completions</c>).</summary>
    public string Route { get; set; } = "";

    /// <summary>The Dynasor mode, or <c>none</c> before the body was read.</summary>
    public string Mode { get; set; } = "none";

    /// <summary>The replica that served the request, when one did.</summary>
    public string? Replica { get; set; }

    /// <summary>Tokens generated upstream for the request.</summary>
    public long UpstreamTokens => Interlocked.Read(ref _upstreamTokens);

    /// <summary>Completion tokens the client received.</summary>
    public long ClientTokens => Interlocked.Read(ref _clientTokens);

    /// <summary>Adds a finished choice's tokens (and counts them in the metrics).</summary>
    public void AddTokens(long upstream, long client, bool exitedEarly)
    {
        Interlocked.Add(ref _upstreamTokens, upstream);
        Interlocked.Add(ref _clientTokens, client);
        metrics.AddTokens(upstream, client, exitedEarly);
    }

    /// <summary>
    /// Adds the tokens of a request's choices, finished or not: a choice cut short (the client left, the drain ended it,
    /// the upstream failed) spent tokens too, and counts what its client got, the least its engine generated for it.
    /// </summary>
    public void AddTokens(IEnumerable<Modes.ChoiceOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
            AddTokens(outcome.Summary?.UpstreamTokens ?? outcome.ClientTokens, outcome.ClientTokens, outcome.Summary?.ExitedEarly ?? false);
    }
}
