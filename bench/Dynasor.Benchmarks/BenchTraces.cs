using Dynasor.Synthesis;
using Dynasor.Traces;

namespace Dynasor.Benchmarks;

/// <summary>The real gsm8k trace when ../shared/traces is beside the repository, else a synthetic one of the same shape.</summary>
internal static class BenchTraces
{
    public static List<TraceQuestion> Gsm8kOrSynthetic()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "..", "shared", "traces", "gsm8k.gpt-4o-mini.jsonl");
            if (File.Exists(Path.Combine(dir.FullName, "Dynasor.slnx")) && File.Exists(path))
            {
                Console.Error.WriteLine($"bench trace: {Path.GetFullPath(path)}");
                return TraceReader.Read(path).ToList();
            }
        }
        Console.Error.WriteLine("bench trace: synthetic (../shared/traces absent)");
        return SyntheticTrace.Generate(new SynthOptions()).ToList();
    }
}
