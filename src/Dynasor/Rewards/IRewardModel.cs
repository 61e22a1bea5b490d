namespace Dynasor.Rewards;

/// <summary>
/// A reward model: scores a partial or complete solution, one reward in [0, 1] per step. A process reward model (PRM)
/// served by vLLM's pooling API, an outcome reward endpoint (one score for the whole text, reported as one step), or
/// the simulated PRM. Implementations must be safe for concurrent calls; cancelling must end the call promptly.
/// </summary>
public interface IRewardModel
{
    /// <summary>Scores the steps of <paramref name="request"/>.</summary>
    /// <exception cref="RewardModelException">The reward model failed or answered in a form that is not a score; the message names the model and the fix.</exception>
    ValueTask<RewardScore> ScoreAsync(RewardRequest request, CancellationToken cancellationToken = default);
}
