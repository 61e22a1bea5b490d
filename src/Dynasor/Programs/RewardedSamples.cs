using System.Collections.Concurrent;
using Dynasor.Engines;
using Dynasor.Rewards;
using Dynasor.Search;

namespace Dynasor.Programs;

/// <summary>
/// A sample source whose samples carry a reward: each sample of the inner engine is cut into steps
/// (<see cref="SolutionSteps.Split"/>) and scored by the reward model; the sample's reward is its last step's, in
/// <see cref="Generation.Reward"/>. A sample with no step (empty text) gets no reward and weighs 0 in a reward vote. A
/// sample index asked for again is not scored again. Safe for the concurrent requests of one program; cancelling ends the
/// sample's request and its reward call.
/// </summary>
public sealed class RewardedSamples : IReasoningEngine
{
    private readonly IReasoningEngine _inner;
    private readonly IRewardModel _rewards;
    private readonly string _question;
    private readonly string? _system;
    private readonly ConcurrentDictionary<int, double?> _scored = new();
    private long _rewardTokens;

    /// <param name="inner">Where samples come from (for example a <see cref="StreamingReasoningEngine"/>).</param>
    /// <param name="rewards">The reward model.</param>
    /// <param name="question">The problem as the policy model was asked it, for the reward model.</param>
    /// <param name="system">The system prompt the policy model was given, when any.</param>
    public RewardedSamples(IReasoningEngine inner, IRewardModel rewards, string question, string? system = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(question);
        _inner = inner;
        _rewards = rewards;
        _question = question;
        _system = system;
    }

    /// <summary>Tokens the reward model read so far, over every call.</summary>
    public long RewardTokens => Interlocked.Read(ref _rewardTokens);

    /// <summary>The reward of sample <paramref name="index"/>; null when it is not scored yet or had no step.</summary>
    public double? RewardOf(int index) => _scored.GetValueOrDefault(index);

    /// <exception cref="RewardModelException">The reward model failed or gave a reward outside [0, 1].</exception>
    public async ValueTask<Generation> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        var sample = await _inner.GenerateAsync(request, cancellationToken).ConfigureAwait(false);
        if (!_scored.TryGetValue(request.Index, out var reward))
        {
            var steps = SolutionSteps.Split(sample.Text);
            if (steps.Count > 0)
            {
                var score = await _rewards.ScoreAsync(new RewardRequest(_question, steps, _system), cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _rewardTokens, score.Tokens);
                reward = PathReward.Of(score, steps.Count);
            }
            _scored[request.Index] = reward;
        }
        return sample with { Reward = reward };
    }
}
