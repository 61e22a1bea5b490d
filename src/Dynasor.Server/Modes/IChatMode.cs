using Dynasor.Engines;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Modes;

/// <summary>
/// One way of answering a choice (<c>off</c>, <c>cot</c>, <c>sc</c>, and the reward modes <c>rebase</c>, <c>mcts</c>,
/// <c>bon</c>, <c>wsc</c>) on top of an engine. The last event carries the finish reason and the summary. Failures of the
/// engine propagate as exceptions; cancelling the token must end every engine request (and reward call) the mode started.
/// </summary>
public interface IChatMode
{
    /// <summary>Runs one choice of <paramref name="request"/>.</summary>
    IAsyncEnumerable<ModeEvent> RunAsync(IStreamingEngine engine, ContinuationRequest request, DynasorSettings settings, CancellationToken cancellationToken);
}
