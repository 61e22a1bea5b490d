using System.Globalization;
using Dynasor.Certainty;

namespace Dynasor.Policies;

/// <summary>
/// The calibration grids and sweeps of the families that read a certaindex, per measure. Entropy gives the grids the
/// catalog always had, unchanged; a reward measure (scores in [0, 1] whose wrong answers mostly sit below 0.5 and
/// right ones near 1) searches higher thresholds, since a reward gate that stops on a mediocre score loses accuracy.
/// </summary>
internal static class CertaindexGrids
{
    private static readonly double[] EntropyThresholds = [0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99];
    private static readonly double[] RewardThresholds = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995];
    private static readonly double[] EntropyBelow = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4];
    private static readonly double[] RewardBelow = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>
    /// The spec text that makes <paramref name="measure"/> the only gate at <paramref name="value"/>:
    /// <c>threshold=v</c> for entropy, else <c>threshold=0</c> (entropy always passes) and the reward parameter.
    /// </summary>
    public static string Gate(CertaindexMeasure measure, double value) => measure switch
    {
        CertaindexMeasure.Entropy => $"threshold={Num(value)}",
        _ => $"{Parameter(measure)}={Num(value)},threshold=0",
    };

    /// <summary>The spec parameter of a reward measure's threshold in <c>static</c> and <c>stepped</c>.</summary>
    public static string Parameter(CertaindexMeasure measure) => measure switch
    {
        CertaindexMeasure.MeanReward => "reward",
        CertaindexMeasure.MaxReward => "max_reward",
        CertaindexMeasure.RewardShare => "share",
        _ => "threshold",
    };

    public static IEnumerable<string> StaticGrid(TraceShape s) =>
        from m in s.Gates
        from d in new[] { 2, 3, 4, 5, 6, 8, 10 } where d <= s.Cap
        from t in Thresholds(m)
        select $"static:detect={d},{Gate(m, t)}";

    public static IEnumerable<string> StaticSweep(TraceShape s) =>
        s.Gates.SelectMany(m => Thresholds(m).Reverse().Select(t => $"static:detect=5,{Gate(m, t)}"));

    public static IEnumerable<string> SteppedGrid(TraceShape s) =>
        from m in s.Gates
        from d in new[] { 2, 3, 5 }
        from e in new[] { 1, 2, 5 }
        from t in Thresholds(m)
        select $"stepped:detect={d},every={e},{Gate(m, t)}";

    public static IEnumerable<string> SteppedSweep(TraceShape s) =>
        s.Gates.SelectMany(m => Thresholds(m).Reverse().Select(t => $"stepped:detect=3,every=1,{Gate(m, t)}"));

    public static IEnumerable<string> TerminateGrid(TraceShape s) =>
        from n in new[] { 3, 5, 8, 10, 15, 20 } where n < s.Cap
        from b in Below(s.Measure)
        select $"terminate:after={n},below={Num(b)}";

    public static IEnumerable<string> TerminateSweep(TraceShape s) =>
        s.Measure == CertaindexMeasure.Entropy
            ? new[] { 0.5, 0.4, 0.3, 0.2, 0.1, 0.05 }.Select(b => $"terminate:after=5,below={Num(b)}")
            : RewardBelow.Reverse().Select(b => $"terminate:after=5,below={Num(b)}");

    private static double[] Thresholds(CertaindexMeasure m) => m == CertaindexMeasure.Entropy ? EntropyThresholds : RewardThresholds;

    private static double[] Below(CertaindexMeasure m) => m == CertaindexMeasure.Entropy ? EntropyBelow : RewardBelow;

    private static string Num(double v) => v.ToString(CultureInfo.InvariantCulture);
}
