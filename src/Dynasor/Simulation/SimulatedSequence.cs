using Dynasor.Engines;

namespace Dynasor.Simulation;

/// <summary>
/// One LLM request inside the simulated engine: the output it will produce, the context it reads, and who waits for it.
/// Its prompt is the program's shared prompt (<see cref="SimulationOptions.PromptTokens"/>) plus <see cref="PathTokens"/>
/// (a tree step's path so far; 0 for an SC sample).
/// </summary>
internal sealed class SimulatedSequence(SimulatedProgram program, Generation generation)
{
    public SimulatedProgram Program { get; } = program;

    /// <summary>What the request produces: a recorded sample, or a tree step's text and tokens.</summary>
    public Generation Generation { get; } = generation;

    /// <summary>Output tokens the sequence decodes.</summary>
    public int Tokens => Generation.Tokens;

    /// <summary>Prompt tokens after the program's shared prompt: the path a tree step continues (its assistant prefix).</summary>
    public int PathTokens { get; init; }

    /// <summary>
    /// Path tokens the engine must prefill even when it still holds the program's context: the separator after the
    /// parent step, which the parent stopped before writing. The rest of the path was written by the parent steps.
    /// </summary>
    public int FreshTokens { get; init; }

    /// <summary>Completed by the engine model when the last token is decoded; the program continues synchronously.</summary>
    public TaskCompletionSource<Generation> Completion { get; } = new();

    /// <summary>Prompt tokens still to prefill before decoding starts (0 when the whole context is cached).</summary>
    public long PrefillLeft { get; set; }
}
