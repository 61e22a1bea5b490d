using Dynasor.Programs;

namespace Dynasor.Scheduling;

/// <summary>
/// Live scheduling data of one program, kept by a <see cref="ProgramScheduler{TRequest}"/> and read by policies.
/// Times are seconds on the scheduler's clock. Changed only by the scheduler (under its owner's lock).
/// </summary>
public sealed class ProgramState
{
    internal ProgramState(long id, ProgramProgress progress, double arrival, double? deadline)
    {
        Id = id;
        Progress = progress;
        Arrival = arrival;
        Deadline = deadline;
    }

    /// <summary>Registration order, unique per scheduler.</summary>
    public long Id { get; }

    /// <summary>The program's samples, tokens and votes so far (the allocation's view).</summary>
    public ProgramProgress Progress { get; }

    /// <summary>When the program registered.</summary>
    public double Arrival { get; }

    /// <summary>When the program should be done, or null for no deadline.</summary>
    public double? Deadline { get; }

    /// <summary>Output tokens of this program's requests that have finished (its attained service).</summary>
    public long AttainedTokens { get; internal set; }

    /// <summary>Requests released to the engine and not yet finished.</summary>
    public int Running { get; internal set; }

    /// <summary>Requests waiting to be released.</summary>
    public int Waiting { get; internal set; }

    /// <summary>When the oldest waiting request was enqueued (meaningless when none waits).</summary>
    public double OldestWaitingSince { get; internal set; }

    /// <summary>The program's key when its latest request was released (what a live gate passes on as a priority).</summary>
    public SchedulingKey ReleaseKey { get; internal set; }

    /// <summary>
    /// Whether the engine holds this program's shared prompt in its prefix cache: set when a request is released,
    /// cleared by the engine through <see cref="ProgramScheduler{TRequest}.Evicted"/>.
    /// </summary>
    public bool PromptCached { get; internal set; }

    /// <summary>
    /// The prior rule for the samples the program will still draw (what <see cref="RemainingWorkModel"/> starts from
    /// in a state it has not learned): the knob left to its cap, shrunk by how certain its vote
    /// already is (certaindex c leaves (cap - samples) x (1 - c)); a program with under two samples has no vote
    /// worth reading and is predicted to need everything left.
    /// </summary>
    public double PredictedRemainingSamples
    {
        get
        {
            var left = Progress.Remaining;
            if (Progress.Samples < 2 || left <= 0)
                return Math.Max(0, left);
            return left * (1 - Progress.Certaindex);
        }
    }

    /// <summary>Predicted remaining output tokens: remaining samples x the program's mean tokens per sample (or the prior).</summary>
    public double PredictedRemainingTokens(double priorTokensPerSample) =>
        PredictedRemainingSamples * (Progress.Samples > 0 ? Progress.MeanTokensPerSample : priorTokensPerSample);

    // The scheduler's per-program queue (a Queue<(TRequest, double)>) and the version of its live heap entry.
    internal object? Requests;
    internal int Version;

    // The states the program asked for samples from, for RemainingWorkModel to learn from when it finishes.
    internal List<(int Samples, int State)>? Visited;
}
