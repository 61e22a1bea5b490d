namespace Dynasor.Calibration;

/// <summary>The standard normal distribution's CDF and quantile, for confidence bounds over questions.</summary>
public static class StandardNormal
{
    /// <summary>P(Z &lt;= x); absolute error below 2e-7 (Numerical Recipes' erfc approximation).</summary>
    public static double Cdf(double x)
    {
        var z = Math.Abs(x) / Math.Sqrt(2);
        var t = 1 / (1 + 0.5 * z);
        var erfc = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc / 2 : erfc / 2;
    }

    /// <summary>The x with P(Z &lt;= x) = p, for p in (0, 1); relative error below 1.2e-9 (Acklam's algorithm).</summary>
    public static double Quantile(double p)
    {
        if (!(p > 0 && p < 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "a normal quantile needs a probability strictly between 0 and 1");
        const double low = 0.02425;
        if (p < low)
            return Tail(p);
        if (p > 1 - low)
            return -Tail(1 - p);
        var q = p - 0.5;
        var r = q * q;
        return (((((-39.69683028665376 * r + 220.9460984245205) * r - 275.9285104469687) * r + 138.3577518672690) * r - 30.66479806614716) * r + 2.506628277459239) * q
            / (((((-54.47609879822406 * r + 161.5858368580409) * r - 155.6989798598866) * r + 66.80131188771972) * r - 13.28068155288572) * r + 1);
    }

    // The lower tail, p < 0.02425.
    private static double Tail(double p)
    {
        var q = Math.Sqrt(-2 * Math.Log(p));
        return (((((-0.007784894002430293 * q - 0.3223964580411365) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783)
            / ((((0.007784695709041462 * q + 0.3224671290700398) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
    }
}
