using Dynasor.Certainty;
using Dynasor.Policies;
using Dynasor.Replay;

namespace Dynasor.Calibration;

/// <summary>How calibration chooses a policy and how sure it must be.</summary>
/// <param name="Epsilon">Accuracy (a fraction) the policy may lose against SC@cap, 0..1; the upper confidence bound of its held-out loss must stay within it.</param>
/// <param name="Split">With <paramref name="Folds"/> 0: the fraction of questions used to choose; the rest is held out, in (0, 1).</param>
/// <param name="Seed">Seed of the split or folds and of the sample orders.</param>
/// <param name="Cap">Sample cap, at least 1.</param>
/// <param name="Repeats">Sample orders per evaluation, at least 1.</param>
/// <param name="Margin">When set, the bound's width in standard errors, 0..10 (0: the point estimate), instead of <paramref name="Level"/>.</param>
/// <param name="Folds">2 or more for K-fold cross-validation (the default, 5), where every fold is held out once and the policy
/// returned is chosen on all questions; 0 for one split at <paramref name="Split"/>.</param>
/// <param name="Resample">Replay with samples drawn with replacement (<see cref="ReplayOptions.Resample"/>).</param>
/// <param name="Level">Confidence level of the one-sided bound on the loss, in [0.5, 1) (0.5: the point estimate).</param>
/// <param name="Anchor">The safe policy served when nothing cheaper is certified (Adaptive-Consistency at 0.95); null: no anchor,
/// serve the search's choice whatever its bound and only report it.</param>
public sealed record CalibrationOptions(
    double Epsilon = 0.005,
    double Split = 0.5,
    int Seed = 0,
    int Cap = 40,
    int Repeats = 10,
    double? Margin = null,
    int Folds = CalibrationOptions.DefaultFolds,
    bool Resample = false,
    double Level = CalibrationOptions.DefaultLevel,
    string? Anchor = CalibrationOptions.DefaultAnchor)
{
    public const int DefaultFolds = 5;
    public const double DefaultLevel = 0.95;
    public const string DefaultAnchor = "ac:confidence=0.95";

    /// <summary>
    /// What the trace's labels are: <see cref="LabelSource.Gold"/> (accuracy) or <see cref="LabelSource.ScVote"/> (the
    /// questions were labelled by <see cref="VoteLabels"/>: every figure is agreement with SC@cap, and only the families
    /// that stop once the vote is settled are searched). Set by whoever labelled the trace; <see cref="LabelSource.Auto"/> reads as gold.
    /// </summary>
    public LabelSource Labels { get; init; } = LabelSource.Gold;

    /// <summary>The program every question runs as, the baseline <c>sc:n=cap</c> and the anchor included (self-consistency unless set).</summary>
    public ReplayProgram Program { get; init; } = ReplayProgram.Sc;

    /// <summary>
    /// The one certaindex measure the threshold families (<c>static</c>, <c>stepped</c>) search; null: the program's
    /// <see cref="ReplayProgram.Gates"/> (entropy for <c>sc</c>; entropy, max reward and reward share for the reward programs).
    /// </summary>
    public CertaindexMeasure? Measure { get; init; }

    public ReplayOptions Replay => new(Cap, Repeats, Seed, Resample) { Program = Program };

    /// <summary>The shape grids are drawn for on <paramref name="trace"/>: its cap, the program's certaindex and the gates searched.</summary>
    public TraceShape Shape(PreparedTrace trace)
    {
        var shape = trace.Shape(Cap, Program);
        return Measure is { } measure ? shape with { Gates = [measure] } : shape;
    }

    /// <summary>Standard errors a loss bound adds to the mean: <see cref="Margin"/> when set, else the normal quantile of <see cref="Level"/>.</summary>
    public double Z => Margin ?? (Level == 0.5 ? 0 : StandardNormal.Quantile(Level));

    /// <summary>The anchor parsed, or null for none.</summary>
    public PolicySpec? AnchorSpec => Anchor is null ? null : PolicyCatalog.Parse(Anchor);

    /// <summary>Throws <see cref="ArgumentException"/> (or <see cref="PolicySpecException"/> for the anchor) naming the bad setting and its range.</summary>
    public CalibrationOptions Validate()
    {
        if (!(Epsilon >= 0 && Epsilon <= 1))
            throw new ArgumentException($"epsilon {Epsilon} is invalid; use an accuracy fraction from 0 to 1 (for example 0.005)");
        if (!(Split > 0 && Split < 1))
            throw new ArgumentException($"split {Split} is invalid; use a fraction strictly between 0 and 1 (for example 0.5)");
        if (Margin is { } margin && !(margin >= 0 && margin <= 10))
            throw new ArgumentException($"margin {margin} is invalid; use a number of standard errors from 0 to 10 (for example 1.645)");
        if (!(Level >= 0.5 && Level < 1))
            throw new ArgumentException($"level {Level} is invalid; use a confidence level from 0.5 to below 1 (for example 0.95)");
        if (Folds is < 0 or 1)
            throw new ArgumentException($"folds {Folds} is invalid; use 0 for a single split or 2 or more for cross-validation (for example 5)");
        _ = AnchorSpec;
        if (Labels == LabelSource.ScVote && Program != ReplayProgram.Sc)
            throw new ArgumentException($"--labels sc-vote labels each question by its samples' majority vote, which is what --program sc answers; --program {Program.Name} answers by reward, so calibrate it on gold answers");
        Replay.Validate();
        return this;
    }
}
