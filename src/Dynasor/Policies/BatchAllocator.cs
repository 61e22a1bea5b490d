using Dynasor.Certainty;
using Dynasor.Engines;
using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// Allocation across a batch of programs under one global token budget (beyond the paper). Every program gets
/// <c>initial</c> samples; then the next sample always goes to the program with the highest expected accuracy gain
/// per token, until the budget is spent, no program can gain, or every program is capped.
/// </summary>
/// <remarks>
/// The gain of sampling a program is the knowledge gradient of its vote (<see cref="ModalSharePrior.GainPerSample"/>):
/// how much a few more samples are expected to raise the chance that its leader is the answer the model gives most,
/// under a prior over how consistent the model is, fitted to the batch's own votes (empirical Bayes), separately for
/// the short, middle and long thirds of the batch by sample length (<see cref="BatchGainModel"/>), and refitted as
/// votes arrive. So what one agreeing pair is worth is learned from the batch: on a model that mostly agrees with
/// itself, a second sample for a question with one vote is worth far more than a third for a unanimous pair. The
/// gain is scaled by the share of votes held by the two strongest answers (a scattered vote is unlikely to be made
/// right by more samples) and divided by the program's mean tokens per sample (a long sample is a dearer buy). Ties
/// are broken by program index, so runs are reproducible.
/// </remarks>
public sealed class BatchAllocator
{
    private readonly int _initial;

    public BatchAllocator(int initial = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, 1);
        _initial = initial;
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

        // The priors are refitted whenever a tenth of the batch's size in samples has been drawn since the last fit,
        // and every gain is then recomputed; between fits only the program just sampled changes.
        var refitEvery = Math.Max(1, programs.Count / 10);
        var model = new BatchGainModel(programs);
        model.Refit();
        var queue = new PriorityQueue<int, (double Gain, int Index)>(programs.Count, GainOrder.Instance);
        EnqueueAll();
        var sinceFit = 0;
        while (spent < budgetTokens && queue.TryDequeue(out var index, out _))
        {
            var progress = programs[index].Progress;
            var before = progress.Tokens;
            await programs[index].ExpandAsync(engine, 1, cancellationToken).ConfigureAwait(false);
            spent += progress.Tokens - before;
            if (++sinceFit >= refitEvery)
            {
                sinceFit = 0;
                model.Refit();
                queue.Clear();
                EnqueueAll();
            }
            else
            {
                Enqueue(index);
            }
        }

        void EnqueueAll()
        {
            for (var i = 0; i < programs.Count; i++)
                Enqueue(i);
        }

        void Enqueue(int i)
        {
            var gain = model.GainPerToken(i);
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
