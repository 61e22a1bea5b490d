namespace Dynasor.Cli.Commands;

/// <summary>A figure over seeds: its mean, and its sample standard deviation when there were two seeds or more.</summary>
internal readonly record struct EvalStat(double Mean, double? Std)
{
    public static EvalStat Of(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        if (values.Count < 2)
            return new EvalStat(mean, null);
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return new EvalStat(mean, Math.Sqrt(variance));
    }
}
