using Dynasor.Policies;
using Dynasor.Replay;

namespace Dynasor.Calibration;

/// <summary>The outcome of calibrating one family (or the best of all).</summary>
/// <param name="Family">The family searched, or <c>best</c> / <c>best-live</c>.</param>
/// <param name="Chosen">The policy to serve: the search's choice when <see cref="Certificate"/> certifies it, else the anchor.</param>
/// <param name="Calibration">The search's choice and the baseline where the choice was made: the calibration split, or all questions with cross-validation.</param>
/// <param name="Holdout">The procedure and the baseline on held-out questions (untouched by the choice); every fold pooled with cross-validation.</param>
/// <param name="Candidates">How many specs were evaluated in the final search.</param>
/// <param name="FamilyWinners">For <c>best</c>: each family's cheapest admissible spec where the choice was made (families with none are left out).</param>
/// <param name="Compared">The comparison specs on both.</param>
/// <param name="Certificate">The held-out loss bound and the verdict it gives.</param>
public sealed record CalibrationResult(
    string Family,
    PolicySpec Chosen,
    SplitReport Calibration,
    SplitReport Holdout,
    int Candidates,
    IReadOnlyList<ReplayResult> FamilyWinners,
    IReadOnlyList<ComparedPolicy> Compared,
    Certificate Certificate)
{
    /// <summary>
    /// With cross-validation, the policy chosen with each fold held out, in fold order. Then <see cref="Calibration"/>
    /// is the final choice on all questions and <see cref="Holdout"/> pools every fold scored by its own choice.
    /// Empty for a single split.
    /// </summary>
    public IReadOnlyList<PolicySpec> FoldChoices { get; init; } = [];

    /// <summary>The anchor where the choice was made (beside <see cref="Calibration"/>); null without an anchor.</summary>
    public ReplayResult? AnchorCalibration { get; init; }
}
