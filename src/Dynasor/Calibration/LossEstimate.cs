using Dynasor.Replay;

namespace Dynasor.Calibration;

/// <summary>
/// How much accuracy a policy loses against SC@cap on a set of questions, with a one-sided upper confidence bound.
/// The loss is paired: per question, SC@cap's accuracy over the sample orders minus the policy's over the same orders.
/// The bound is the normal approximation over questions: mean + z * s / sqrt(n), with s the sample standard deviation
/// of the per-question losses. It treats questions as independent draws; it says nothing about losses rarer than
/// one question in n (when every question ties, s is 0 and the bound is the mean).
/// </summary>
/// <param name="Questions">Questions averaged over.</param>
/// <param name="Loss">Mean per-question loss, a fraction (0.003 = 0.3 points); negative when the policy is more accurate.</param>
/// <param name="StandardError">s / sqrt(n); 0 for a single question.</param>
/// <param name="Z">Standard errors the bound adds to the mean (1.645 for a one-sided 95% bound).</param>
public sealed record LossEstimate(int Questions, double Loss, double StandardError, double Z)
{
    /// <summary>The one-sided upper confidence bound of the loss, at <see cref="Level"/>.</summary>
    public double Upper => Loss + Z * StandardError;

    /// <summary>The bound's confidence level, P(N(0,1) &lt;= Z).</summary>
    public double Level => StandardNormal.Cdf(Z);

    /// <summary>The paired loss of <paramref name="policy"/> against <paramref name="baseline"/>, replayed on the same questions and orders.</summary>
    public static LossEstimate Paired(ReplayResult policy, ReplayResult baseline, double z) =>
        Paired(policy.QuestionAccuracy, baseline.QuestionAccuracy, z);

    /// <summary>The same from per-question accuracies, paired by index.</summary>
    public static LossEstimate Paired(IReadOnlyList<double> policy, IReadOnlyList<double> baseline, double z)
    {
        var n = baseline.Count;
        if (n == 0 || policy.Count != n)
            throw new ArgumentException($"a paired loss needs per-question accuracies for the same questions (policy {policy.Count}, baseline {n})");
        double sum = 0, sumSquares = 0;
        for (var q = 0; q < n; q++)
        {
            var loss = baseline[q] - policy[q];
            sum += loss;
            sumSquares += loss * loss;
        }
        var mean = sum / n;
        var variance = n < 2 ? 0 : Math.Max(0, (sumSquares - n * mean * mean) / (n - 1));
        return new LossEstimate(n, mean, Math.Sqrt(variance / n), z);
    }
}
