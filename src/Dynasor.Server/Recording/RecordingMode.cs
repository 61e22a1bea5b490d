using Dynasor.Engines;
using Dynasor.Server.Modes;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Recording;

/// <summary>
/// A mode that runs another and shows each choice to its request's recording: a Dynasor-CoT choice runs on a
/// <see cref="ProbeTap"/> over its engine; every choice's events pass through unchanged.
/// </summary>
internal sealed class RecordingMode(IChatMode inner, RequestRecording recording) : IChatMode
{
    public IAsyncEnumerable<ModeEvent> RunAsync(IStreamingEngine engine, ContinuationRequest request, DynasorSettings settings, CancellationToken cancellationToken)
    {
        // Registered when the choice is started, so choices are recorded in the order they were started.
        var tap = settings.Mode == "cot" ? new ProbeTap(engine) : null;
        var capture = recording.Add(tap, tap is null ? null : CotMode.OptionsFor(settings, request));
        return new ObservedStream<ModeEvent>(inner.RunAsync(tap ?? engine, request, settings, cancellationToken), capture.Saw);
    }
}
