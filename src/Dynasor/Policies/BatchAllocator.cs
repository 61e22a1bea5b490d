using Dynasor.Certainty;
using Dynasor.Engines;
using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// Allocation across a batch of programs under one global token budget (beyond the paper). Every program gets
/// <c>initial</c> samples; then the next sample always goes to the program with the highest expected accuracy gain
/// per token, until the budget is spent or every program is settled or capped.
/// </summary>
/// <remarks>
/// The gain of one more sample is estimated from the vote: the chance that the current leader is not the answer
/// the program would settle on, 1 - P(Beta(a+1, b+1) &gt; 1/2) (Adaptive-Consistency's statistic, used here as a
/// value, not a stopping rule), times the share of votes held by the two strongest answers (a scattered vote is
/// unlikely to be made right by more samples). The cost is the program's mean tokens per sample so far: a program
/// whose samples run long is a worse buy. Ties are broken by program index, so runs are reproducible.
/// </remarks>
public sealed class BatchAllocator
{
    private readonly int _initial;

    public BatchAllocator(int initial = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, 1);
        _initial = initial;
    }

    /// <summary>The expected accuracy gain per token of one more sample for a program; 0 when it cannot sample.</summary>
    public static double GainPerToken(ProgramProgress progress)
    {
        if (progress.Remaining <= 0)
            return 0;
        var votes = progress.Votes;
        if (votes.Votes == 0)
            return double.MaxValue; // no answer yet: nothing is worth more than a first answer
        var a = votes.LeaderCount;
        var b = votes.RunnerUpCount;
        var unsettled = 1 - BetaMajority.Probability(a, b);
        var contested = (double)(a + b) / votes.Votes;
        return unsettled * contested / Math.Max(1, progress.MeanTokensPerSample);
    }

    /// <summary>Runs every program until <paramref name="budgetTokens"/> are spent (the last sample may overshoot it).</summary>
    public async ValueTask RunAsync(IReadOnlyList<SelfConsistencyProgram> programs, IReasoningEngine engine, long budgetTokens, CancellationToken cancellationToken = default)
    {
        long spent = 0;
        foreach (var program in programs)
        {
            await program.ExpandAsync(engine, _initial, cancellationToken).ConfigureAwait(false);
            spent += program.Progress.Tokens;
        }

        var queue = new PriorityQueue<int, (double Gain, int Index)>(programs.Count, GainOrder.Instance);
        for (var i = 0; i < programs.Count; i++)
            Enqueue(i);

        while (spent < budgetTokens && queue.TryDequeue(out var index, out _))
        {
            var progress = programs[index].Progress;
            var before = progress.Tokens;
            await programs[index].ExpandAsync(engine, 1, cancellationToken).ConfigureAwait(false);
            spent += progress.Tokens - before;
            Enqueue(index);
        }

        void Enqueue(int i)
        {
            var gain = GainPerToken(programs[i].Progress);
            if (gain > 0)
                queue.Enqueue(i, (gain, i));
        }
    }

    private sealed class GainOrder : IComparer<(double Gain, int Index)>
    {
        public static readonly GainOrder Instance = new();

        // Highest gain first; equal gains in program order.
        public int Compare((double Gain, int Index) x, (double Gain, int Index) y)
        {
            var byGain = y.Gain.CompareTo(x.Gain);
            return byGain != 0 ? byGain : x.Index.CompareTo(y.Index);
        }
    }
}
