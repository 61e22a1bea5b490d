using Dynasor.Replay;
using Dynasor.Traces;

namespace Dynasor.Tests.Simulation;

/// <summary>Hand-made traces for the simulator: one-sample questions with chosen lengths, or many-sample ones.</summary>
internal static class SimulationTraces
{
    /// <summary>Questions with one sample each, of the given lengths, always right.</summary>
    public static PreparedTrace SingleSample(IEnumerable<int> tokens) =>
        PreparedTrace.From("single.jsonl", tokens.Select((t, i) => new TraceQuestion($"q{i}", "test", "test", "1", [new TraceSample("1", t)])));

    /// <summary>The built-in synthetic trace shape (GSM8K-like) at a smaller size.</summary>
    public static PreparedTrace Synthetic(int questions = 200, int samples = 40) =>
        PreparedTrace.From("synth.jsonl", Dynasor.Synthesis.SyntheticTrace.Generate(new Dynasor.Synthesis.SynthOptions { Questions = questions, SamplesPerQuestion = samples }));
}
