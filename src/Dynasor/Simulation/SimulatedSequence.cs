using Dynasor.Engines;

namespace Dynasor.Simulation;

/// <summary>One LLM request inside the simulated engine: the recorded sample it will produce and who waits for it.</summary>
internal sealed class SimulatedSequence(SimulatedProgram program, Generation generation)
{
    public SimulatedProgram Program { get; } = program;

    public Generation Generation { get; } = generation;

    /// <summary>Output tokens the sequence decodes (the recorded sample's length).</summary>
    public int Tokens => Generation.Tokens;

    /// <summary>Completed by the engine model when the last token is decoded; the program continues synchronously.</summary>
    public TaskCompletionSource<Generation> Completion { get; } = new();

    /// <summary>Prompt tokens still to prefill before decoding starts (0 when the prompt is cached).</summary>
    public long PrefillLeft { get; set; }
}
