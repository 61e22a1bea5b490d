using System.Collections.Concurrent;
using System.Globalization;

namespace Dynasor.Server.Metrics;

/// <summary>
/// The server's counters, written in the Prometheus text format (version 0.0.4) by hand. Thread-safe; one instance
/// per server.
/// </summary>
public sealed class ServerMetrics
{
    private readonly ConcurrentDictionary<(string Route, string Mode, int Status), long> _requests = new();
    private readonly LatencyHistogram _latency = new();
    private long _upstreamTokens, _clientTokens, _earlyExits, _inFlight, _recordsDropped;

    /// <summary>Counts a request as started; pair with <see cref="Finish"/>.</summary>
    public void Start() => Interlocked.Increment(ref _inFlight);

    /// <summary>Counts a finished request with its route, mode, final status and latency.</summary>
    public void Finish(string route, string mode, int status, TimeSpan latency)
    {
        Interlocked.Decrement(ref _inFlight);
        _requests.AddOrUpdate((route, mode, status), 1, (_, n) => n + 1);
        _latency.Observe(latency);
    }

    /// <summary>Adds the tokens of a finished choice and whether it exited early.</summary>
    public void AddTokens(long upstream, long client, bool exitedEarly)
    {
        Interlocked.Add(ref _upstreamTokens, upstream);
        Interlocked.Add(ref _clientTokens, client);
        if (exitedEarly)
            Interlocked.Increment(ref _earlyExits);
    }

    /// <summary>Counts a record of <c>serve --record</c> that was dropped (queue full, disk failed); requests are unaffected.</summary>
    public void RecordDropped() => Interlocked.Increment(ref _recordsDropped);

    /// <summary>Records dropped so far.</summary>
    public long RecordsDropped => Interlocked.Read(ref _recordsDropped);

    /// <summary>Requests currently being served.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Writes every metric, then <paramref name="gauges"/>.</summary>
    public void Write(TextWriter writer, IEnumerable<(string Name, string Help, Func<double> Read)> gauges)
    {
        writer.Write("# HELP dynasor_requests_total Requests served, by route, mode and HTTP status.\n# TYPE dynasor_requests_total counter\n");
        foreach (var ((route, mode, status), count) in _requests.OrderBy(r => r.Key))
            writer.Write($"dynasor_requests_total{{route=\"{route}\",mode=\"{mode}\",status=\"{status}\"}} {count}\n");
        Counter(writer, "dynasor_upstream_tokens_total", "Tokens generated upstream, probes and discarded samples included.", Interlocked.Read(ref _upstreamTokens));
        Counter(writer, "dynasor_client_tokens_total", "Completion tokens sent to clients.", Interlocked.Read(ref _clientTokens));
        Counter(writer, "dynasor_early_exits_total", "Choices that stopped before the model finished.", Interlocked.Read(ref _earlyExits));
        Counter(writer, "dynasor_records_dropped_total", "Records of serve --record dropped because the queue was full or the disk failed.", RecordsDropped);
        writer.Write($"# HELP dynasor_requests_in_flight Requests being served now.\n# TYPE dynasor_requests_in_flight gauge\ndynasor_requests_in_flight {InFlight}\n");
        writer.Write("# HELP dynasor_request_duration_seconds Time from request to last byte.\n# TYPE dynasor_request_duration_seconds histogram\n");
        _latency.Write(writer, "dynasor_request_duration_seconds");
        foreach (var (name, help, read) in gauges)
            writer.Write($"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {read().ToString(CultureInfo.InvariantCulture)}\n");
    }

    private static void Counter(TextWriter writer, string name, string help, long value) =>
        writer.Write($"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");
}
