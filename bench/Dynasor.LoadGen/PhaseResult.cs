namespace Dynasor.LoadGen;

/// <summary>Latencies and CPU of one path (direct or through Dynasor), pooled over rounds.</summary>
internal sealed class PhaseResult(string name)
{
    private readonly List<double> _ttft = [];
    private readonly List<double> _itl = [];

    public string Name { get; } = name;

    public long Tokens { get; private set; }

    public TimeSpan ServerCpu { get; private set; }

    public void Add(IEnumerable<StreamTiming.Result> streams, TimeSpan serverCpu)
    {
        foreach (var s in streams)
        {
            _ttft.Add(s.TtftMs);
            _itl.AddRange(s.ItlMs);
            Tokens += s.Tokens;
        }
        ServerCpu += serverCpu;
    }

    public double Ttft(double quantile) => Percentile(_ttft, quantile);

    public double TtftMean => _ttft.Count == 0 ? double.NaN : _ttft.Average();

    public double Itl(double quantile) => Percentile(_itl, quantile);

    /// <summary>Milliseconds of server CPU per 1000 tokens.</summary>
    public double CpuMsPer1KTokens => Tokens == 0 ? double.NaN : ServerCpu.TotalMilliseconds * 1000 / Tokens;

    private static double Percentile(List<double> values, double quantile)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(quantile * sorted.Length))];
    }
}
