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
        var samples = questions.Sum(q => (long)q.Samples.Length);
        MeanTokensPerSample = samples == 0 ? 0 : questions.Sum(q => q.TotalTokens) / (double)samples;
    }

    /// <summary>The file name the trace was read from, e.g. <c>gsm8k.gpt-4o-mini.jsonl</c>.</summary>
    public string Name { get; }

    public IReadOnlyList<PreparedQuestion> Questions { get; }

    public IReadOnlyDictionary<string, PreparedQuestion> ById { get; }

    /// <summary>The most samples any question has.</summary>
    public int MaxSamples { get; }

    public double MeanTokensPerSample { get; }

    /// <summary>The trace's shape for a sample cap (clamped to what the trace has).</summary>
    public TraceShape Shape(int cap) => new(Math.Min(cap, MaxSamples), MeanTokensPerSample);

    /// <summary>A trace of some of this trace's questions, for calibration splits.</summary>
    public PreparedTrace Subset(IEnumerable<int> indices, string? name = null) =>
        new(name ?? Name, indices.Select(i => Questions[i]).ToList());

    /// <summary>Loads and prepares a trace file; errors name the file (and line, for malformed lines).</summary>
    public static PreparedTrace Load(string path) =>
        From(Path.GetFileName(path), TraceReader.Read(path));

    public static PreparedTrace From(string name, IEnumerable<TraceQuestion> questions) =>
        new(name, questions.Where(q => q.Samples.Count > 0).Select(PreparedQuestion.From).ToList());
}
