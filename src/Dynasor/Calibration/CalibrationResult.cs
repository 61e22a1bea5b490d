using Dynasor.Policies;

namespace Dynasor.Calibration;

/// <summary>The outcome of calibrating one family (or the best of all).</summary>
/// <param name="Family">The family searched, or <c>best</c>.</param>
/// <param name="Chosen">The winning spec.</param>
/// <param name="Calibration">Chosen and baseline on the calibration split (where the choice was made); all questions with cross-validation.</param>
/// <param name="Holdout">Chosen and baseline on the held-out split (untouched by the choice); every fold pooled with cross-validation.</param>
/// <param name="Candidates">How many specs were evaluated.</param>
/// <param name="FamilyWinners">For <c>best</c>: each family's winner on the calibration split.</param>
/// <param name="Compared">The comparison specs on both splits.</param>
public sealed record CalibrationResult(
    string Family,
    PolicySpec Chosen,
    SplitReport Calibration,
    SplitReport Holdout,
    int Candidates,
    IReadOnlyList<Replay.ReplayResult> FamilyWinners,
    IReadOnlyList<ComparedPolicy> Compared)
{
    /// <summary>
    /// With cross-validation, the policy chosen with each fold held out, in fold order. Then <see cref="Calibration"/>
    /// is the final choice on all questions and <see cref="Holdout"/> pools every fold scored by its own choice.
    /// Empty for a single split.
    /// </summary>
    public IReadOnlyList<PolicySpec> FoldChoices { get; init; } = [];
}
