using Dynasor.Replay;

namespace Dynasor.Calibration;

/// <summary>How calibration chooses a policy.</summary>
/// <param name="Epsilon">Accuracy (a fraction) the policy may lose against SC@cap on the calibration split, 0..1.</param>
/// <param name="Split">Fraction of questions used to calibrate; the rest is held out, in (0, 1).</param>
/// <param name="Seed">Seed of the split and of the sample orders.</param>
/// <param name="Cap">Sample cap, at least 1.</param>
/// <param name="Repeats">Sample orders per evaluation, at least 1.</param>
/// <param name="Margin">Standard errors of the paired accuracy difference a candidate must clear epsilon by, 0..10 (0: point estimate).</param>
/// <param name="Folds">0 for one split (<paramref name="Split"/>); 2 or more for K-fold cross-validation, where every fold is
/// held out once and the policy returned is chosen on all questions.</param>
/// <param name="Resample">Replay with samples drawn with replacement (<see cref="ReplayOptions.Resample"/>).</param>
public sealed record CalibrationOptions(double Epsilon = 0.005, double Split = 0.5, int Seed = 0, int Cap = 40, int Repeats = 10, double Margin = 1, int Folds = 0, bool Resample = false)
{
    public ReplayOptions Replay => new(Cap, Repeats, Seed, Resample);

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting and its range.</summary>
    public CalibrationOptions Validate()
    {
        if (!(Epsilon >= 0 && Epsilon <= 1))
            throw new ArgumentException($"epsilon {Epsilon} is invalid; use an accuracy fraction from 0 to 1 (for example 0.005)");
        if (!(Split > 0 && Split < 1))
            throw new ArgumentException($"split {Split} is invalid; use a fraction strictly between 0 and 1 (for example 0.5)");
        if (!(Margin >= 0 && Margin <= 10))
            throw new ArgumentException($"margin {Margin} is invalid; use a number of standard errors from 0 to 10 (for example 1)");
        if (Folds is < 0 or 1)
            throw new ArgumentException($"folds {Folds} is invalid; use 0 for a single split or 2 or more for cross-validation (for example 5)");
        Replay.Validate();
        return this;
    }
}
