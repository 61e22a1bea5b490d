namespace Dynasor.Tests.Rewards;

/// <summary>Area under the ROC curve of scores for positives against negatives (ties count half), and the normal CDF.</summary>
internal static class Auc
{
    public static double Of(IEnumerable<(double Score, bool Positive)> scored)
    {
        var all = scored.ToList();
        var negatives = all.Where(s => !s.Positive).Select(s => s.Score).Order().ToArray();
        var positives = all.Where(s => s.Positive).Select(s => s.Score).ToArray();
        Assert.True(negatives.Length > 0 && positives.Length > 0, "an AUC needs positives and negatives");
        var sum = 0.0;
        foreach (var p in positives)
        {
            var below = Bound(negatives, p, strict: true);
            var notAbove = Bound(negatives, p, strict: false);
            sum += below + 0.5 * (notAbove - below);
        }

        return sum / ((double)positives.Length * negatives.Length);
    }

    /// <summary>Φ(x), the standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1.5e-7).</summary>
    public static double NormalCdf(double x)
    {
        var t = 1 / (1 + 0.3275911 * Math.Abs(x) / Math.Sqrt(2));
        var erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x / 2);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    // Number of sorted values below (strict) or at most (not strict) the score.
    private static int Bound(double[] sorted, double score, bool strict)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (strict ? sorted[mid] < score : sorted[mid] <= score)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
