using Dynasor.Answers;
using Dynasor.Certainty;
using Dynasor.Engines;
using Dynasor.Programs;
using Dynasor.Rewards;

namespace Dynasor.Search;

/// <summary>
/// One question under every setting of a best-of-N or reward-weighted SC evaluation: the program
/// <see cref="BestOfN.RunAsync"/> runs, over one shared, seeded, scored sample source, so sample i is generated and
/// scored once whichever setting asks for it first (as <see cref="ScEvaluator"/> shares self-consistency's samples).
/// </summary>
internal static class BestOfNEvaluation
{
    public static async Task<SearchOutcome[]> RunAsync(IStreamingEngine engine, IRewardModel rewards, ContinuationRequest template, string gold,
        IReadOnlyList<SearchSetting> settings, AnswerRule rule, CancellationToken cancellationToken)
    {
        var measure = rule == AnswerRule.BestReward ? CertaindexMeasure.MaxReward : CertaindexMeasure.RewardShare;
        var prompted = StepGenerator.WithStepPrompt(template);
        var samples = new StreamingReasoningEngine(engine, prompted);
        var scores = new RewardCache(rewards);
        var system = prompted.Messages.FirstOrDefault(m => m.Role is "system" or "developer")?.Content;
        var scored = new RewardedSamples(samples, scores, prompted.Question, system);
        var outcomes = new SearchOutcome[settings.Count];
        for (var s = 0; s < settings.Count; s++)
        {
            var program = new SelfConsistencyProgram(prompted.Question, settings[s].Cap, rule, measure);
            var result = await program.RunAsync(scored, new WavePolicy(settings[s].Policy(), 1), cancellationToken).ConfigureAwait(false);

            // The sample the program shows: the best-rewarded one that gave its answer, the first on a tie (BestOfN).
            var chosen = -1;
            long rewardTokens = 0;
            for (var i = 0; i < result.Samples; i++)
            {
                var text = samples.Samples[i].Text;
                rewardTokens += scores.TokensOf(SolutionSteps.Split(text));
                var key = AnswerKey.Of(AnswerExtractor.Extract(text));
                if (key.Length > 0 && key == result.AnswerKey && (chosen < 0 || (scored.RewardOf(i) ?? 0) > (scored.RewardOf(chosen) ?? 0)))
                    chosen = i;
            }
            var correct = chosen >= 0 && AnswerGrader.IsCorrect(AnswerExtractor.Extract(samples.Samples[chosen].Text), gold);
            var shown = samples.Samples.GetValueOrDefault(Math.Max(chosen, 0))?.Tokens ?? 0;
            outcomes[s] = new SearchOutcome(correct, result.Tokens, shown, rewardTokens, result.Samples, result.Samples);
        }
        return outcomes;
    }
}
