using System.Collections.Concurrent;
using System.Diagnostics;

namespace Dynasor.Server.Tests.Metrics;

/// <summary>
/// Records the spans of one trace, as a tracer would: it samples only spans of its own trace id (so servers of other
/// tests running at the same time create none), which a request joins through <see cref="TraceParent"/>.
/// </summary>
internal sealed class SpanCollector : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly TaskCompletionSource _serverSpanEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SpanCollector(params string[] sources)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.TraceId == TraceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId != TraceId)
                    return;
                _stopped.Enqueue(activity);
                if (activity.Kind == ActivityKind.Server)
                    _serverSpanEnded.TrySetResult();
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The trace the collected spans belong to.</summary>
    public ActivityTraceId TraceId { get; } = ActivityTraceId.CreateRandom();

    /// <summary>The client's span the request continues.</summary>
    public ActivitySpanId ClientSpanId { get; } = ActivitySpanId.CreateRandom();

    /// <summary>The W3C header value a client of this trace sends (sampled).</summary>
    public string TraceParent => $"00-{TraceId}-{ClientSpanId}-01";

    /// <summary>The spans that have ended so far.</summary>
    public IReadOnlyList<Activity> Spans => _stopped.ToArray();

    /// <summary>Waits (bounded) until the server span of the request has ended; its children end before it.</summary>
    public Task ServerSpanEndedAsync() => _serverSpanEnded.Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>The spans whose parent is <paramref name="parent"/>.</summary>
    public IReadOnlyList<Activity> ChildrenOf(Activity parent) => Spans.Where(s => s.ParentSpanId == parent.SpanId).ToList();

    public void Dispose() => _listener.Dispose();
}
