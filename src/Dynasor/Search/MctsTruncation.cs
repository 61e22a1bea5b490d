using Dynasor.Certainty;
using Dynasor.Policies;
using Dynasor.Programs;

namespace Dynasor.Search;

/// <summary>
/// What an MCTS run under a policy would have given, from a run recorded to a larger cap (<see cref="MctsRecorder"/>):
/// the policy sees the same <see cref="ProgramProgress"/> the program keeps (iteration i's answer key, tokens and reward,
/// recorded in order), and its grants take the next recorded iterations, as <see cref="MctsProgram.RunAsync"/> runs them.
/// The answer is <see cref="ProgramProgress.AnswerKey"/> (best-rewarded), shown by the best-rewarded iteration that gave
/// it, the first on a tie, as the program picks its path.
/// </summary>
internal static class MctsTruncation
{
    /// <exception cref="ArgumentException">The recording is shorter than <paramref name="cap"/>.</exception>
    public static SearchOutcome Outcome(IReadOnlyList<MctsIteration> iterations, IAllocationPolicy policy, int cap)
    {
        if (cap > iterations.Count)
            throw new ArgumentException($"the recorded run has {iterations.Count} iterations, fewer than the cap {cap}; record to the largest cap");
        var progress = new ProgramProgress(cap, AnswerRule.BestReward, CertaindexMeasure.MeanReward);
        while (progress.Remaining > 0)
        {
            var grant = Math.Min(policy.Next(progress), progress.Remaining);
            if (grant <= 0)
                break;
            for (var i = 0; i < grant; i++)
            {
                var next = iterations[progress.Samples];
                progress.Record(next.Key, next.Tokens, next.Reward);
            }
        }

        var n = progress.Samples;
        var key = progress.AnswerKey;
        MctsIteration? chosen = null;
        long rewardTokens = 0;
        var steps = 0;
        for (var i = 0; i < n; i++)
        {
            var it = iterations[i];
            rewardTokens += it.RewardTokens;
            steps += it.Steps;
            if (key is not null && it.Key == key && (chosen is null || (it.Reward ?? 0) > (chosen.Reward ?? 0)))
                chosen = it;
        }
        var correct = chosen?.Correct ?? false;
        // With no answer the program shows the first path, as PathLedger does.
        chosen ??= n > 0 ? iterations[0] : null;
        return new SearchOutcome(correct, progress.Tokens, chosen?.PathTokens ?? 0, rewardTokens, n, steps);
    }
}
