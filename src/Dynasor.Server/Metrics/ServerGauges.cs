using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dynasor.Server.Hosting;
using Dynasor.Server.Scheduling;

namespace Dynasor.Server.Metrics;

/// <summary>
/// The server's observable instruments, read at each collection (a scrape of <c>/metrics</c>, an OTLP export): the
/// scheduler's queues and each upstream's health (attribute <c>dynasor.upstream</c>, the replica's name), the in-process
/// engine's own gauges, and whether the server is draining.
/// </summary>
internal static class ServerGauges
{
    private const string Upstream = "dynasor.upstream";

    /// <summary>Creates the instruments on <paramref name="meter"/>; they read the live objects given here.</summary>
    public static void Register(Meter meter, IReadOnlyList<ServedEngine> replicas, ReplicaSet? scheduling, ShutdownDrain drain)
    {
        if (scheduling is not null)
        {
            meter.CreateObservableUpDownCounter("dynasor.scheduler.waiting", () => PerUpstream(scheduling, r => r.Gate.Waiting), "{request}",
                "Requests waiting at the scheduler in front of each upstream.");
            meter.CreateObservableUpDownCounter("dynasor.scheduler.in_flight", () => PerUpstream(scheduling, r => r.Gate.InFlight), "{request}",
                "Requests the scheduler has released to each upstream and that have not ended.");
            meter.CreateObservableGauge("dynasor.scheduler.max_in_flight", () => PerUpstream(scheduling, r => r.Gate.MaxInFlight), "{request}",
                "The in-flight window of each upstream (sequences).");
            meter.CreateObservableGauge("dynasor.scheduler.predicted_work", () => PerUpstream(scheduling, scheduling.PredictedWork), "{token}",
                "Predicted remaining output tokens of the programs placed on each upstream.");
            meter.CreateObservableGauge("dynasor.upstream.healthy", () => PerUpstream(scheduling, r => r.Healthy ? 1 : 0), null,
                "1 when the upstream takes new programs, 0 while it is taken out.");
        }
        // In-process replicas name their gauges alike; only the first one's are read (one replica is the common case).
        foreach (var (name, description, read) in replicas[0].Gauges)
            meter.CreateObservableGauge(name, read, null, description);
        meter.CreateObservableGauge("dynasor.drain.active", () => drain.IsDraining ? 1 : 0, null, "1 from the start of the shutdown drain.");
    }

    private static IEnumerable<Measurement<T>> PerUpstream<T>(ReplicaSet scheduling, Func<Replica, T> read) where T : struct =>
        scheduling.Replicas.Select(r => new Measurement<T>(read(r), new TagList { { Upstream, r.Engine.Name } }));
}
