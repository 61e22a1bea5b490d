using BenchmarkDotNet.Attributes;
using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;
using Dynasor.Replay;
using Dynasor.Scheduling;
using Dynasor.Simulation;

namespace Dynasor.Benchmarks;

/// <summary>
/// The speed target of issue 4 §5: 10,000 self-consistency programs of 40 samples (gsm8k.gpt-4o-mini questions, or
/// the synthetic trace of the same shape) through the discrete-event simulator, one replica, at 0.6 programs/s (about
/// the engine's capacity, so queues form). The baseline runs the same 10,000 programs x 40 samples straight over a
/// trace engine, with no time, scheduling or engine model: the ratio is the simulator's cost over the program logic alone.
/// </summary>
[MemoryDiagnoser]
public class SimulationBenchmarks
{
    private const int Programs = 10_000;
    private PreparedTrace _trace = null!;
    private IAllocationPolicy _uniform = null!;

    [Params("fcfs", "dynasor")]
    public string Scheduler { get; set; } = "fcfs";

    [GlobalSetup]
    public void Setup()
    {
        _trace = PreparedTrace.From("bench", BenchTraces.Gsm8kOrSynthetic());
        _uniform = PolicyCatalog.Create(PolicyCatalog.Parse("sc:n=40"));
    }

    [Benchmark(Baseline = true, Description = "10,000 x 40 samples, programs only (trace engine)")]
    public long ProgramsOnly()
    {
        var engine = new TraceEngine(_trace.ById, 0);
        var random = new Random(0);
        long tokens = 0;
        for (var i = 0; i < Programs; i++)
        {
            var question = _trace.Questions[random.Next(_trace.Questions.Count)];
            var program = new SelfConsistencyProgram(question.Id, Math.Min(40, question.Samples.Length));
            tokens += program.RunAsync(engine, _uniform).AsTask().GetAwaiter().GetResult().Tokens;
        }
        return tokens;
    }

    [Benchmark(Description = "10,000 x 40 samples, simulated serving")]
    public long Simulated() =>
        Simulator.Run(_trace, _uniform, SchedulerCatalog.Create(Scheduler), new SimulationOptions { Rate = 0.6, Programs = Programs }).TokensServed;
}
