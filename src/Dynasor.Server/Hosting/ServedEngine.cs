using Dynasor.Engines;
using Dynasor.Server.Scheduling;
using Dynasor.Server.Upstream;

namespace Dynasor.Server.Hosting;

/// <summary>
/// The engine behind the server's endpoints and what the endpoints need to know about it. This is the one seam
/// between the HTTP surface and an upstream: a scheduler that fronts the upstream wraps <see cref="Engine"/>.
/// </summary>
/// <param name="Name">How errors and the banner name it: the upstream URL, or <c>simulated</c>.</param>
/// <param name="DefaultModel">The model named in responses when the request names none.</param>
/// <param name="Engine">Streams continuations; safe for concurrent use.</param>
/// <param name="ListModelsAsync">The model ids it serves (for <c>GET /v1/models</c>).</param>
/// <param name="CountTokens">Prompt tokens of a text (exact for the simulated engine; an estimate for an HTTP upstream).</param>
/// <param name="ReasoningField">The name under which the engine's reasoning text goes back to the client.</param>
/// <param name="Gauges">Extra gauges (OpenTelemetry instrument name, description, read), e.g. the simulated engine's open requests; read at each collection.</param>
public sealed record ServedEngine(
    string Name,
    string DefaultModel,
    IStreamingEngine Engine,
    Func<CancellationToken, Task<IReadOnlyList<string>>> ListModelsAsync,
    Func<string, int> CountTokens,
    Func<string> ReasoningField,
    IReadOnlyList<(string Name, string Help, Func<double> Read)> Gauges)
{
    /// <summary>Whether the scheduler passes its order on as the request's <c>priority</c> field, and in which convention.</summary>
    public PriorityOrder Priority { get; init; }

    /// <summary>The direction of the <c>priority</c> the scheduler sends, with <see cref="PriorityOrder.FromDialect"/> resolved (none until the dialect is known).</summary>
    public PriorityOrder EffectivePriority => Priority == PriorityOrder.FromDialect ? Upstream?.KnownDialect?.Priority ?? PriorityOrder.None : Priority;

    /// <summary>The HTTP upstream, when the engine is one: requests Dynasor does not act on are relayed to it as they came.</summary>
    public UpstreamEngine? Upstream { get; init; }

    /// <summary>
    /// Extra routes a bare engine (<see cref="ServerRole.Engine"/>) serves beside the OpenAI API, e.g. the simulated
    /// engine's reward model at <c>POST /pooling</c> and <c>POST /classify</c>; null: none.
    /// </summary>
    public Action<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder>? Routes { get; init; }

    /// <summary>
    /// The reward model that scores this engine's solutions in the reward modes (rebase, mcts, bon, wsc): the simulated
    /// PRM for the simulated engine, the reward upstream when one is configured; null: none, and those modes are refused.
    /// The server uses the first replica's (replicas serve one model).
    /// </summary>
    public ServedRewardModel? Rewards { get; init; }

    /// <summary>Health probe: null when healthy, else why not; null probe: always healthy (in-process engines).</summary>
    public Func<CancellationToken, Task<string?>>? ProbeAsync { get; init; }

    /// <summary>An HTTP upstream; prompt tokens are estimated at four characters a token.</summary>
    public static ServedEngine ForUpstream(UpstreamEngine upstream, PriorityOrder priority = PriorityOrder.None) =>
        new(upstream.Options.BaseUrl.ToString(), upstream.Options.Model ?? "default", upstream, upstream.ListModelsAsync, text => (text.Length + 3) / 4, () => upstream.ReasoningField, [])
        {
            Priority = priority,
            ProbeAsync = upstream.ProbeAsync,
            Upstream = upstream,
        };

    /// <summary>An engine in this process that serves one model.</summary>
    public static ServedEngine InProcess(IStreamingEngine engine, string model, Func<string, int> countTokens,
        params (string Name, string Help, Func<double> Read)[] gauges) =>
        new("simulated", model, engine, _ => Task.FromResult<IReadOnlyList<string>>([model]), countTokens, () => "reasoning_content", gauges);
}
