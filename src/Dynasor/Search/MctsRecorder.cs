using Dynasor.Answers;
using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;

namespace Dynasor.Search;

/// <summary>
/// Runs one <see cref="MctsProgram"/> to its cap, one iteration per grant, and records each iteration in search order:
/// the path it ended on (the deepest node whose visits rose), its answer and reward, the tokens, step requests and reward
/// tokens it spent, and the tokens of the path's steps. MCTS iterations are sequential and a policy only decides how many
/// run, so the first n recorded iterations are exactly what a run stopped after n would have done
/// (<see cref="MctsTruncation"/>).
/// </summary>
internal static class MctsRecorder
{
    public static async Task<IReadOnlyList<MctsIteration>> RunAsync(IStreamingEngine engine, RewardCache rewards, ContinuationRequest template, int cap,
        SearchOptions options, CancellationToken cancellationToken)
    {
        var program = new MctsProgram(engine, rewards, template, cap, options);
        var visits = new Dictionary<StepNode, int>();
        var iterations = new List<MctsIteration>(cap);
        long tokens = 0, rewardTokens = 0;

        void Snapshot(ProgramProgress progress)
        {
            if (iterations.Count == progress.Samples)
                return;
            // The iteration's path is the one chain of nodes whose visits rose; nodes it created had none before.
            var node = program.Root;
            var created = 0;
            long pathTokens = 0;
            while (node.Children.FirstOrDefault(c => c.Visits > visits.GetValueOrDefault(c)) is { } next)
            {
                if (!visits.ContainsKey(next))
                    created++;
                visits[next] = next.Visits;
                pathTokens += next.Tokens;
                node = next;
            }
            var answer = node.Answer;
            iterations.Add(new MctsIteration(answer, AnswerKey.Of(answer), (int)(progress.Tokens - tokens), node.Reward, created, rewards.Tokens - rewardTokens, pathTokens));
            (tokens, rewardTokens) = (progress.Tokens, rewards.Tokens);
        }

        await program.RunAsync(new OneAtATime(Snapshot), null, cancellationToken).ConfigureAwait(false);
        Snapshot(program.Progress);
        return iterations;
    }

    /// <summary>Grants one iteration per call, after letting the recorder see the last one.</summary>
    private sealed class OneAtATime(Action<ProgramProgress> seen) : IAllocationPolicy
    {
        public int Next(ProgramProgress progress)
        {
            seen(progress);
            return 1;
        }
    }
}
