using BenchmarkDotNet.Attributes;
using Dynasor.Policies;
using Dynasor.Replay;
using Dynasor.Traces;

namespace Dynasor.Benchmarks;

/// <summary>
/// Replay of a whole trace (gsm8k.gpt-4o-mini, 1318 x 40, when ../shared/traces is present; otherwise the synthetic
/// trace of the same shape) x 10 orders x 8 policies. The baseline keys every sample again for every policy, which
/// is what replay avoids by preparing the trace once; the ratio shows what that buys.
/// </summary>
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    private static readonly string[] Policies =
        ["sc:n=40", "static:detect=5,threshold=0.7", "stepped:detect=3,every=1,threshold=0.7", "terminate", "esc:window=5", "ac:confidence=0.95", "settle", "batch"];

    private List<TraceQuestion> _raw = [];
    private PreparedTrace _prepared = null!;
    private PolicySpec[] _specs = [];

    [GlobalSetup]
    public void Setup()
    {
        _raw = BenchTraces.Gsm8kOrSynthetic();
        _prepared = PreparedTrace.From("bench", _raw);
        _specs = Policies.Select(PolicyCatalog.Parse).ToArray();
    }

    [Benchmark(Baseline = true, Description = "8 policies, keys recomputed per policy")]
    public double KeysPerPolicy()
    {
        var sum = 0.0;
        foreach (var spec in _specs)
            sum += Replayer.Run(PreparedTrace.From("bench", _raw), spec, new ReplayOptions()).Accuracy;
        return sum;
    }

    [Benchmark(Description = "8 policies, keys computed once (dynasor replay)")]
    public double KeysOnce()
    {
        var prepared = PreparedTrace.From("bench", _raw);
        var sum = 0.0;
        foreach (var spec in _specs)
            sum += Replayer.Run(prepared, spec, new ReplayOptions()).Accuracy;
        return sum;
    }
}
