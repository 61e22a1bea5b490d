using Dynasor.Programs;

namespace Dynasor.Scheduling;

/// <summary>
/// Predicts how many more samples a program will draw, learned online from the programs that already finished: the
/// certaindex allocation decides when a program stops, so the best predictor of its remaining knob is what that
/// allocation did before from the same state. A state is (samples so far, certaindex in fifths); each time a
/// program asks for a sample its state is noted, and when it finishes every noted state learns the samples that
/// followed. The prediction is the mean of what followed a state, with the prior rule
/// (<see cref="ProgramState.PredictedRemainingSamples"/>: the knob left, shrunk by certaindex) counted as
/// <see cref="PriorWeight"/> more observations: an unseen state gets the rule, and a few finished programs already
/// outweigh it. The rule is only a guess, and a biased one (it predicts the whole knob for a fresh program, which an
/// adaptive allocation rarely draws), so it must not hold out until a state has many observations: in a short run the
/// scheduler would rank every fresh program behind the uncertain ones and raise mean latency above FCFS's.
/// Not thread-safe: its scheduler's owner locks.
/// </summary>
public sealed class RemainingWorkModel
{
    /// <summary>How many observations the prior rule counts as in a state's mean.</summary>
    public const double PriorWeight = 1;

    private const int MaxSamples = 64;
    private const int Buckets = 6;
    private readonly double[] _sum = new double[(MaxSamples + 1) * Buckets];
    private readonly int[] _count = new int[(MaxSamples + 1) * Buckets];

    /// <summary>Programs that finished and taught the model.</summary>
    public long ProgramsLearned { get; private set; }

    /// <summary>Predicted remaining samples of <paramref name="program"/> in its current state.</summary>
    public double PredictSamples(ProgramState program)
    {
        var state = StateOf(program.Progress);
        var left = Math.Max(0, program.Progress.Remaining);
        return Math.Min(left, (_sum[state] + PriorWeight * program.PredictedRemainingSamples) / (_count[state] + PriorWeight));
    }

    /// <summary>Predicted remaining output tokens: predicted samples x the program's mean sample length (or the prior).</summary>
    public double PredictTokens(ProgramState program, double priorTokensPerSample) =>
        PredictSamples(program) * (program.Progress.Samples > 0 ? program.Progress.MeanTokensPerSample : priorTokensPerSample);

    /// <summary>Notes the state a program asks for more samples from (once per number of samples).</summary>
    internal void Observe(ProgramState program)
    {
        var samples = program.Progress.Samples;
        var visited = program.Visited ??= [];
        if (visited.Count > 0 && visited[^1].Samples == samples)
            return;
        visited.Add((samples, StateOf(program.Progress)));
    }

    /// <summary>A program finished: every state it was noted in learns the samples it drew afterwards.</summary>
    internal void Learn(ProgramState program)
    {
        if (program.Visited is not { } visited)
            return;
        var final = program.Progress.Samples;
        foreach (var (samples, state) in visited)
        {
            _sum[state] += Math.Max(0, final - samples);
            _count[state]++;
        }
        program.Visited = null;
        ProgramsLearned++;
    }

    private static int StateOf(ProgramProgress progress)
    {
        var samples = Math.Min(progress.Samples, MaxSamples);
        // Under two samples there is no vote worth reading; afterwards certaindex in fifths.
        var bucket = progress.Samples < 2 ? 0 : 1 + Math.Min(4, (int)(progress.Certaindex * 5));
        return samples * Buckets + bucket;
    }
}
