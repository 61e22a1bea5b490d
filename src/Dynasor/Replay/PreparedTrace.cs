using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Traces;

namespace Dynasor.Replay;

/// <summary>A trace loaded for replay: its questions prepared once (keys and grades computed once per sample).</summary>
public sealed class PreparedTrace
{
    public PreparedTrace(string name, IReadOnlyList<PreparedQuestion> questions)
    {
        if (questions.Count == 0)
            throw new ArgumentException($"trace '{name}' has no questions; a trace needs at least one line", nameof(questions));
        Name = name;
        Questions = questions;
        ById = questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        MaxSamples = questions.Max(q => q.Samples.Length);
        MinSamples = questions.Min(q => q.Samples.Length);
        var samples = questions.Sum(q => (long)q.Samples.Length);
        MeanTokensPerSample = samples == 0 ? 0 : questions.Sum(q => q.TotalTokens) / (double)samples;
        var unrewarded = questions.Sum(q => q.Samples.Count(s => s.Reward is null));
        if (unrewarded > 0)
        {
            var first = questions.First(q => q.Samples.Any(s => s.Reward is null));
            FirstUnrewarded = (first.Id, Array.FindIndex(first.Samples, s => s.Reward is null), unrewarded);
        }
    }

    /// <summary>The file name the trace was read from, e.g. <c>gsm8k.gpt-4o-mini.jsonl</c>.</summary>
    public string Name { get; }

    public IReadOnlyList<PreparedQuestion> Questions { get; }

    public IReadOnlyDictionary<string, PreparedQuestion> ById { get; }

    /// <summary>The most samples any question has.</summary>
    public int MaxSamples { get; }

    /// <summary>The fewest samples any question has (at least 1: questions without samples are left out).</summary>
    public int MinSamples { get; }

    /// <summary>
    /// What was left out while loading, one line each: <c>file:line: question 'id' has "samples":[] ...</c>. A question
    /// with no samples cannot vote, so it is in no figure; a caller shows these so that is never silent.
    /// </summary>
    public IReadOnlyList<string> Skipped { get; private init; } = [];

    public double MeanTokensPerSample { get; }

    /// <summary>
    /// The first sample without a reward (its question, its index in generation order from 0) and how many samples lack
    /// one; null when every sample has a reward, as reward-guided programs need (<see cref="ReplayProgram.RequireRewards(PreparedTrace, string)"/>).
    /// </summary>
    public (string QuestionId, int Sample, int Count)? FirstUnrewarded { get; }

    /// <summary>The trace's shape for a sample cap under a program: its certaindex and the measures threshold grids search.</summary>
    public TraceShape Shape(int cap, ReplayProgram program) => Shape(cap) with { Measure = program.Measure, Gates = program.Gates };

    /// <summary>The trace's shape for a sample cap (clamped to what the trace has).</summary>
    public TraceShape Shape(int cap) => new(Math.Min(cap, MaxSamples), MeanTokensPerSample);

    /// <summary>A trace of some of this trace's questions, for calibration splits.</summary>
    public PreparedTrace Subset(IEnumerable<int> indices, string? name = null) =>
        new(name ?? Name, indices.Select(i => Questions[i]).ToList());

    /// <summary>
    /// Loads and prepares a trace file; errors name the file (and line, for malformed lines). Questions with no samples
    /// are left out and listed in <see cref="Skipped"/> with their file and line.
    /// </summary>
    public static PreparedTrace Load(string path) => Load(path, null);

    /// <summary>
    /// As <see cref="Load(string)"/>; <paramref name="path"/> may also be a directory written by <c>dynasor serve --record</c>
    /// (its <paramref name="mode"/> files are read as one trace), and <paramref name="relabel"/>, when given, sees every
    /// question before any is prepared and may change their labels (for example <c>Calibration.VoteLabels</c>).
    /// </summary>
    public static PreparedTrace Load(string path, Func<IReadOnlyList<TraceQuestion>, IReadOnlyList<TraceQuestion>>? relabel, string mode = "sc")
    {
        var lines = RecordedTraffic.IsRecording(path)
            ? RecordedTraffic.Read(path, mode).Select(r => (Source: r.Source, r.Line, r.Question))
            : TraceReader.ReadNumbered(path).Select(r => (Source: path, r.Line, r.Question));
        var read = lines.ToList();
        if (relabel is not null)
        {
            var labelled = relabel(read.Select(r => r.Question).ToList());
            read = read.Select((r, i) => (r.Source, r.Line, labelled[i])).ToList();
        }
        return Prepare(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)), path, read);
    }

    private static PreparedTrace Prepare(string name, string path, IReadOnlyList<(string Source, int Line, TraceQuestion Question)> read)
    {
        var kept = new List<PreparedQuestion>();
        var skipped = new List<string>();
        var firstEmpty = 0;
        foreach (var (source, line, question) in read)
        {
            if (question.Samples.Count > 0)
            {
                kept.Add(PreparedQuestion.From(question));
                continue;
            }
            firstEmpty = firstEmpty == 0 ? line : firstEmpty;
            skipped.Add($"{source}:{line}: question '{question.Id}' has \"samples\":[] and is left out of every figure");
        }
        if (kept.Count == 0 && skipped.Count > 0)
            throw new ArgumentException($"trace '{path}' has no question with samples ({skipped.Count} with \"samples\":[], the first on line {firstEmpty}); record at least one sample per question");
        return new PreparedTrace(name, kept) { Skipped = skipped };
    }

    /// <summary>Prepares questions from memory (a synthetic trace); questions without samples are left out.</summary>
    public static PreparedTrace From(string name, IEnumerable<TraceQuestion> questions) =>
        new(name, questions.Where(q => q.Samples.Count > 0).Select(PreparedQuestion.From).ToList());
}
