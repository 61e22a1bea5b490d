using Dynasor.Traces;

namespace Dynasor.Cot;

/// <summary>
/// The recorded Dynasor-CoT chains of a trace, for <see cref="CotReplayer"/>: every sample that has a <c>chain</c>, with its
/// question's id and target. Samples without a chain are left out (and counted).
/// </summary>
public sealed class CotTrace
{
    public CotTrace(string name, IEnumerable<TraceQuestion> questions)
    {
        var chains = new List<CotChainRecord>();
        foreach (var question in questions)
        {
            var recorded = question.Samples.Where(s => s.Chain is not null).ToList();
            Skipped += question.Samples.Count - recorded.Count;
            for (var i = 0; i < recorded.Count; i++)
                chains.Add(new CotChainRecord(recorded.Count == 1 ? question.Id : $"{question.Id}/{i}", question.Target, recorded[i]));
        }
        if (chains.Count == 0)
            throw new ArgumentException($"trace '{name}' has no recorded chain (no sample with a \"chain\"); record Dynasor-CoT traffic with 'dynasor serve --record DIR' and requests in \"mode\":\"cot\"");
        Name = name;
        Chains = chains;
    }

    /// <summary>The file or directory name the chains were read from.</summary>
    public string Name { get; }

    /// <summary>The chains in trace order.</summary>
    public IReadOnlyList<CotChainRecord> Chains { get; }

    /// <summary>Samples left out for having no chain.</summary>
    public int Skipped { get; }

    /// <summary>Reads a trace file, or the <c>cot</c> files of a directory written by <c>dynasor serve --record</c>.</summary>
    public static CotTrace Load(string path) => RecordedTraffic.IsRecording(path)
        ? new CotTrace(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)), RecordedTraffic.Read(path, "cot").Select(q => q.Question))
        : new CotTrace(Path.GetFileName(path), TraceReader.Read(path));
}
