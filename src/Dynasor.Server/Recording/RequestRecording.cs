using Dynasor.Cot;
using Dynasor.Server.Modes;
using Dynasor.Server.OpenAi;
using Dynasor.Traces;

namespace Dynasor.Server.Recording;

/// <summary>
/// One request being recorded: its choices register as they start (<see cref="Wrap"/>), and <see cref="Complete"/> hands
/// the finished ones to the recorder as one question: its id the prompt's hash, its samples what the programs saw (a
/// chain with its probes per Dynasor-CoT choice; the samples with answers, tokens and rewards per multi-path choice).
/// Choices that did not finish are left out; a request with none records nothing. Thread-safe for one request's choices.
/// </summary>
internal sealed class RequestRecording(TrafficRecorder recorder, OpenAiRequest request, string? model)
{
    private readonly List<ChoiceCapture> _choices = [];

    /// <summary><paramref name="mode"/>, with each choice it runs shown to this recording.</summary>
    public IChatMode Wrap(IChatMode mode) => new RecordingMode(mode, this);

    public ChoiceCapture Add(ProbeTap? tap, CotOptions? options)
    {
        var capture = new ChoiceCapture(tap, options);
        lock (_choices)
            _choices.Add(capture);
        return capture;
    }

    /// <summary>Queues the request's record; never throws, never waits (a full queue drops it and counts the drop).</summary>
    public void Complete()
    {
        try
        {
            Queue();
        }
        catch (Exception e)
        {
            // A record that cannot be built is a recorder's bug, never the request's failure.
            recorder.Failed(e);
        }
    }

    private void Queue()
    {
        var text = recorder.Options.Text;
        List<TraceSample> samples;
        lock (_choices)
            samples = _choices.SelectMany(c => c.Samples(text)).ToList();
        if (samples.Count == 0)
            return;
        var mode = request.Dynasor.Mode;
        var question = new TraceQuestion(PromptId.Of(request.Messages, request.AssistantPrefix), $"live/{mode}", model ?? request.Model, null, samples)
        {
            Question = text ? request.Prompt ?? request.Messages.LastOrDefault(m => m.Role == "user")?.Content : null,
        };
        recorder.TryRecord(mode, question);
    }
}
