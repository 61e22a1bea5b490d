namespace Dynasor.Certainty;

/// <summary>
/// Adaptive-Consistency's stopping statistic (Aggarwal et al. 2023): the posterior probability, under a uniform
/// Beta prior, that the leading answer is more likely than the runner-up, P(Beta(a+1, b+1) &gt; 1/2).
/// </summary>
public static class BetaMajority
{
    /// <summary>
    /// P(X &gt; 1/2) for X ~ Beta(leader+1, runnerUp+1). For integer counts this equals P(Binomial(a+b+1, 1/2) &lt;= a),
    /// which is computed exactly in log space (no numerical integration), for counts up to many thousands.
    /// </summary>
    public static double Probability(int leader, int runnerUp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leader);
        ArgumentOutOfRangeException.ThrowIfNegative(runnerUp);
        var n = leader + runnerUp + 1;
        // Sum C(n, j) / 2^n for j = 0..leader, accumulated with the running log binomial coefficient.
        var logHalfN = -n * Math.Log(2);
        var logC = 0.0;
        var sum = 0.0;
        for (var j = 0; j <= leader; j++)
        {
            if (j > 0)
                logC += Math.Log((double)(n - j + 1) / j);
            sum += Math.Exp(logC + logHalfN);
        }
        return Math.Min(1, sum);
    }
}
