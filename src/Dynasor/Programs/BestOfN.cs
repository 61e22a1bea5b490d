using Dynasor.Answers;
using Dynasor.Certainty;
using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Rewards;
using Dynasor.Search;

namespace Dynasor.Programs;

/// <summary>
/// Best-of-N (<c>bon</c>) and reward-weighted self-consistency (<c>wsc</c>): self-consistency's samples, each scored by a
/// reward model (<see cref="RewardedSamples"/>), in waves the allocation policy grants. Best-of-N answers with the
/// best-rewarded sample and reports the max reward as its certaindex; reward-weighted SC answers with the answer whose
/// samples' rewards sum highest and reports that answer's share of the reward. The knob is the number of samples.
/// </summary>
public static class BestOfN
{
    /// <summary>
    /// Runs the program to completion. <paramref name="template"/> supplies the conversation (a system turn asking for
    /// step-by-step solutions with a boxed answer is added when it has none, so the reward model can read steps), each
    /// sample's token limit and the sampling options (sample i uses seed + i). <paramref name="started"/> receives the live
    /// progress before the first request. Cancelling ends every sample and reward call still open before this returns.
    /// </summary>
    /// <param name="rule"><see cref="AnswerRule.BestReward"/> for best-of-N, <see cref="AnswerRule.RewardWeighted"/> for reward-weighted SC.</param>
    /// <exception cref="ArgumentException">An option is out of range, or <paramref name="rule"/> is the plain majority (that is <see cref="AdaptiveSelfConsistency"/>).</exception>
    /// <exception cref="RewardModelException">The reward model failed.</exception>
    public static async Task<SearchResult> RunAsync(IStreamingEngine engine, IRewardModel rewards, ContinuationRequest template, IAllocationPolicy policy,
        ScOptions options, AnswerRule rule, Action<ProgramProgress>? started = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var (name, measure) = rule switch
        {
            AnswerRule.BestReward => ("bon", CertaindexMeasure.MaxReward),
            AnswerRule.RewardWeighted => ("wsc", CertaindexMeasure.RewardShare),
            _ => throw new ArgumentException($"rule {rule} is not a reward rule; use BestReward (best-of-N) or RewardWeighted (reward-weighted SC), or AdaptiveSelfConsistency for the majority"),
        };
        var prompted = StepGenerator.WithStepPrompt(template);
        var samples = new StreamingReasoningEngine(engine, prompted);
        var system = prompted.Messages.FirstOrDefault(m => m.Role is "system" or "developer")?.Content;
        var scored = new RewardedSamples(samples, rewards, prompted.Question, system);
        var program = new SelfConsistencyProgram(prompted.Question, options.MaxSamples, rule, measure);
        started?.Invoke(program.Progress);
        var result = await program.RunAsync(scored, new WavePolicy(policy, options.MinWave), cancellationToken).ConfigureAwait(false);

        // The program keeps keys, not spellings or paths: rebuild the vote in index order and find the chosen sample.
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        var spelling = new Dictionary<string, string>(StringComparer.Ordinal);
        var chosen = -1;
        for (var i = 0; i < result.Samples; i++)
        {
            var answer = AnswerExtractor.Extract(samples.Samples[i].Text);
            var key = AnswerKey.Of(answer);
            if (key.Length == 0)
                continue;
            if (!spelling.TryGetValue(key, out var shown))
                spelling[key] = shown = answer;
            votes[shown] = votes.GetValueOrDefault(shown) + 1;
            if (key == result.AnswerKey && (chosen < 0 || (scored.RewardOf(i) ?? 0) > (scored.RewardOf(chosen) ?? 0)))
                chosen = i;
        }
        var index = Math.Max(chosen, 0);
        var text = samples.Samples.GetValueOrDefault(index)?.Text ?? "";
        return new SearchResult(name, chosen < 0 ? null : AnswerExtractor.Extract(text), result.AnswerKey, text, result.Samples, result.Certaindex,
            scored.RewardOf(index), result.Samples, 0, result.Tokens, scored.RewardTokens, votes, samples.FinishOf(index)) { PromptTokens = samples.PromptTokens };
    }
}
