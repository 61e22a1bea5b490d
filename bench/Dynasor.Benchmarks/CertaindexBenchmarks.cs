using BenchmarkDotNet.Attributes;
using Dynasor.Certainty;
using Dynasor.Policies;
using Dynasor.Programs;

namespace Dynasor.Benchmarks;

/// <summary>The per-sample work of a program: one vote added, certaindex and the stopping statistics read.</summary>
[MemoryDiagnoser]
public class CertaindexBenchmarks
{
    private readonly string[] _keys = Enumerable.Range(0, 40).Select(i => (i % 7 == 0 ? 3 : i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    private readonly IAllocationPolicy _ac = PolicyCatalog.Create(PolicyCatalog.Parse("ac"));
    private readonly IAllocationPolicy _settle = PolicyCatalog.Create(PolicyCatalog.Parse("settle"));

    [Benchmark(Baseline = true, Description = "40 votes, entropy certaindex after each")]
    public double EntropyAfterEachVote()
    {
        var tally = new VoteTally();
        var sum = 0.0;
        foreach (var k in _keys)
        {
            tally.Add(k);
            sum += tally.Certaindex;
        }
        return sum;
    }

    [Benchmark(Description = "40 votes, Beta majority after each")]
    public double BetaAfterEachVote()
    {
        var tally = new VoteTally();
        var sum = 0.0;
        foreach (var k in _keys)
        {
            tally.Add(k);
            sum += BetaMajority.Probability(tally.LeaderCount, tally.RunnerUpCount);
        }
        return sum;
    }

    [Benchmark(Description = "40 samples, AC and settle decisions after each")]
    public int PolicyDecisions()
    {
        var progress = new ProgramProgress(40);
        var sum = 0;
        foreach (var k in _keys)
        {
            progress.Record(k, 100, null);
            sum += _ac.Next(progress) + _settle.Next(progress);
        }
        return sum;
    }
}
