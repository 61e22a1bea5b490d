namespace Dynasor.Simulation;

/// <summary>
/// The kind of reasoning program a simulated arrival runs (PAPER.md's online workloads). Each kind has its own knob
/// cap and base deadline in <see cref="SimulationOptions"/>.
/// </summary>
public enum ProgramKind
{
    /// <summary>Self-consistency over a trace question's recorded samples; knob: samples. Base deadline 240 s (SC/MATH).</summary>
    Sc,

    /// <summary>Rebase tree search on the simulated engine's solution mode; knob: width (solutions). Base deadline 300 s (Rebase/GSM8K).</summary>
    Rebase,

    /// <summary>MCTS on the simulated engine's solution mode; knob: iterations. Base deadline 60 s (MCTS/ASDiv).</summary>
    Mcts,
}
