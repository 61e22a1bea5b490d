using Dynasor.Answers;
using Dynasor.Engines;
using Dynasor.Rewards;

namespace Dynasor.Search;

/// <summary>
/// One question under every setting of a Rebase evaluation. A Rebase round depends on its grant (the width splits
/// differently), so each setting runs the program afresh; their step requests and reward calls go through one
/// <see cref="StepCache"/> and <see cref="RewardCache"/>, so a step or a path that two settings share (the first round
/// of a static policy is the even row at its detect width; every round's first depth is node 1, 2, ... from the root)
/// is generated and scored once, and each setting's accounting is still its own run's.
/// </summary>
internal static class RebaseEvaluation
{
    public static async Task<SearchOutcome[]> RunAsync(IStreamingEngine engine, IRewardModel rewards, ContinuationRequest template, string gold,
        IReadOnlyList<SearchSetting> settings, SearchOptions options, CancellationToken cancellationToken)
    {
        var steps = new StepCache(engine);
        var scores = new RewardCache(rewards);
        var outcomes = new SearchOutcome[settings.Count];
        for (var s = 0; s < settings.Count; s++)
        {
            var program = new RebaseProgram(steps, scores, template, settings[s].Cap, options);
            var result = await program.RunAsync(settings[s].Policy(), null, cancellationToken).ConfigureAwait(false);
            var correct = result.AnswerKey is not null && AnswerGrader.IsCorrect(result.Answer ?? "", gold);
            outcomes[s] = new SearchOutcome(correct, result.UpstreamTokens, steps.PathTokens(SolutionSteps.Split(result.Text)), result.RewardTokens, result.Knob, result.Steps);
        }
        return outcomes;
    }
}
