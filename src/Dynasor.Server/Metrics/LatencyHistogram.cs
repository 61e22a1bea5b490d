namespace Dynasor.Server.Metrics;

/// <summary>A cumulative Prometheus histogram of request latencies in seconds; lock-free, thread-safe.</summary>
internal sealed class LatencyHistogram
{
    /// <summary>Upper bounds of the buckets, in seconds.</summary>
    public static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly long[] _counts = new long[Bounds.Length + 1];
    private long _sumMicros;

    public void Observe(TimeSpan latency)
    {
        var seconds = latency.TotalSeconds;
        var bucket = Array.FindIndex(Bounds, b => seconds <= b);
        Interlocked.Increment(ref _counts[bucket < 0 ? Bounds.Length : bucket]);
        Interlocked.Add(ref _sumMicros, (long)(seconds * 1e6));
    }

    /// <summary>Writes the <c>_bucket</c>, <c>_sum</c> and <c>_count</c> lines of <paramref name="name"/>.</summary>
    public void Write(TextWriter writer, string name)
    {
        long cumulative = 0;
        for (var i = 0; i < Bounds.Length; i++)
        {
            cumulative += Interlocked.Read(ref _counts[i]);
            writer.Write($"{name}_bucket{{le=\"{Bounds[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}\"}} {cumulative}\n");
        }
        cumulative += Interlocked.Read(ref _counts[Bounds.Length]);
        writer.Write($"{name}_bucket{{le=\"+Inf\"}} {cumulative}\n");
        writer.Write($"{name}_sum {(Interlocked.Read(ref _sumMicros) / 1e6).ToString(System.Globalization.CultureInfo.InvariantCulture)}\n");
        writer.Write($"{name}_count {cumulative}\n");
    }
}
