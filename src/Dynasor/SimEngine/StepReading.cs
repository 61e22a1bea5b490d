namespace Dynasor.SimEngine;

/// <summary>What a solution step says, read back from its text against the question's <see cref="SolutionPlan"/>.</summary>
/// <param name="Kind">A stated intermediate value, a boxed final answer, or neither (text not in solution format).</param>
/// <param name="OnTrack">Whether the path is on track after this step: every value stated so far was the correct one.</param>
/// <param name="FirstOffTrack">The 1-based step at which the path left the track, or 0 while it is on track.</param>
/// <param name="Answer">The boxed answer of a final step, else null.</param>
internal readonly record struct StepReading(StepKind Kind, bool OnTrack, int FirstOffTrack, string? Answer);
