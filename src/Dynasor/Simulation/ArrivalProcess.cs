namespace Dynasor.Simulation;

/// <summary>
/// Open-loop arrival times of programs: Poisson (exponential gaps) when the coefficient of variation is 1, otherwise
/// Gamma gaps with that coefficient of variation (burstier above 1, more regular below), at the same mean rate.
/// </summary>
public static class ArrivalProcess
{
    /// <summary><paramref name="count"/> ascending arrival times in seconds, the first after one gap from 0.</summary>
    public static double[] Times(double rate, double cv, int count, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cv);
        var times = new double[count];
        var t = 0.0;
        var shape = 1 / (cv * cv);
        for (var i = 0; i < count; i++)
        {
            t += cv == 1 ? -Math.Log(1 - random.NextDouble()) / rate : Gamma(shape, random) / (shape * rate);
            times[i] = t;
        }
        return times;
    }

    /// <summary>A Gamma(shape, 1) variate (Marsaglia and Tsang 2000; shape &lt; 1 by the U^(1/shape) boost).</summary>
    public static double Gamma(double shape, Random random)
    {
        if (shape < 1)
            return Gamma(shape + 1, random) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = 1 - random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
                return d * v;
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
