namespace Dynasor.Certainty;

/// <summary>
/// Certaindex from answer entropy (PAPER.md): with n answers clustered into groups of sizes c_i,
/// H = -sum(c_i/n * ln(c_i/n)) and certaindex = (ln n - H) / ln n, in [0, 1], 1 when all agree.
/// </summary>
public static class AnswerEntropy
{
    /// <summary>
    /// Certaindex of a vote with the given group sizes. Fewer than two answers carry no evidence of agreement,
    /// so they give 0: a program is never "certain" from one sample.
    /// </summary>
    public static double Certaindex(ReadOnlySpan<int> groupSizes)
    {
        var n = 0;
        foreach (var c in groupSizes)
            n += c;
        if (n < 2)
            return 0;

        var entropy = 0.0;
        foreach (var c in groupSizes)
        {
            if (c <= 0)
                continue;
            var p = (double)c / n;
            entropy -= p * Math.Log(p);
        }

        var logN = Math.Log(n);
        // Clamp: rounding can push a unanimous vote a hair past 1.
        return Math.Clamp((logN - entropy) / logN, 0, 1);
    }
}
