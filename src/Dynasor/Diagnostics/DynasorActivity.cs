using System.Diagnostics;

namespace Dynasor.Diagnostics;

/// <summary>
/// Where Dynasor's trace spans come from: one <see cref="ActivitySource"/> named <c>Dynasor</c>, and the names and
/// attribute keys of the spans a program opens for its steps (a CoT chunk or probe, a self-consistency wave or sample).
/// A new program step (a reward call, a tree step) opens its span with <see cref="StartStep"/> under its program's span.
/// Spans cost nothing when nobody listens (<see cref="StartStep"/> returns null); they never carry prompt or output
/// text. Thread-safe.
/// </summary>
public static class DynasorActivity
{
    /// <summary>The name of the source (and of the server's meter): what a tracer subscribes to.</summary>
    public const string SourceName = "Dynasor";

    /// <summary>A Dynasor-CoT run: one choice's chain, its chunks and its probes.</summary>
    public const string CotRun = "dynasor.cot";

    /// <summary>One chunk of a CoT chain (up to the probe interval of tokens).</summary>
    public const string CotChunk = "dynasor.cot.chunk";

    /// <summary>One probe of a CoT chain (its answer so far).</summary>
    public const string CotProbe = "dynasor.cot.probe";

    /// <summary>An adaptive self-consistency run: one choice's waves of samples.</summary>
    public const string ScRun = "dynasor.sc";

    /// <summary>One wave of samples drawn together.</summary>
    public const string ScWave = "dynasor.sc.wave";

    /// <summary>One self-consistency sample.</summary>
    public const string ScSample = "dynasor.sc.sample";

    /// <summary>Attribute (a long): tokens the step generated (probes and discarded samples count).</summary>
    public const string Tokens = "dynasor.tokens";

    /// <summary>Attribute: the chain position (tokens) at which a chunk starts or a probe was launched.</summary>
    public const string Position = "dynasor.cot.position";

    /// <summary>Attribute: the index of a sample within its program, or the number of samples in a wave.</summary>
    public const string SampleIndex = "dynasor.sample.index";

    /// <summary>Attribute: the certaindex in [0, 1] when the program stopped.</summary>
    public const string Certaindex = "dynasor.certaindex";

    /// <summary>Attribute: whether the program stopped before its model or its cap did.</summary>
    public const string ExitedEarly = "dynasor.exited_early";

    /// <summary>The source every Dynasor span comes from.</summary>
    public static ActivitySource Source { get; } = new(SourceName, typeof(DynasorActivity).Assembly.GetName().Version?.ToString(3));

    /// <summary>
    /// Starts the span of a program step named <paramref name="name"/> under <paramref name="parent"/> (a program's own
    /// span), or under <see cref="Activity.Current"/> when <paramref name="parent"/> is null; null when nobody listens.
    /// Pass the parent explicitly inside an async iterator: <see cref="Activity.Current"/> does not survive a yield.
    /// The span becomes <see cref="Activity.Current"/> for the calling method and what it awaits (an engine's request
    /// made there carries it upstream); dispose it to end it.
    /// </summary>
    public static Activity? StartStep(string name, Activity? parent = null) =>
        parent is null ? Source.StartActivity(name) : Source.StartActivity(name, ActivityKind.Internal, parent.Context);

    /// <summary>Marks <paramref name="activity"/> failed with <paramref name="error"/>'s type; returns false, for use in an exception filter.</summary>
    public static bool Fail(Activity? activity, Exception error)
    {
        if (activity is not null && error is not OperationCanceledException)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag("error.type", error.GetType().FullName);
        }
        return false;
    }
}
