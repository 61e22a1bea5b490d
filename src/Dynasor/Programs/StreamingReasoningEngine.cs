using System.Collections.Concurrent;
using System.Text;
using Dynasor.Diagnostics;
using Dynasor.Engines;

namespace Dynasor.Programs;

/// <summary>
/// Adapts a streaming engine to the <see cref="IReasoningEngine"/> that programs draw samples from: each
/// <see cref="GenerationRequest"/> becomes one full completion of a fresh assistant turn of the template's
/// conversation, seeded with the template's seed (0 when unset) plus the request's index, so sample i of a program is
/// reproducible whatever order the samples run in. Tokens are summed per token. The program extracts the answer from
/// the text. <see cref="GenerationRequest.Prompt"/> is only a label here: the conversation comes from the template.
/// Safe for the concurrent requests of one program; keeps every sample for <see cref="AdaptiveSelfConsistency"/>. A sample
/// index asked for again returns the kept sample without a new request: it is what the seeded engine would generate
/// again, and it lets an evaluation run several policies over one question's samples for the cost of the largest.
/// </summary>
public sealed class StreamingReasoningEngine : IReasoningEngine
{
    private readonly IStreamingEngine _engine;
    private readonly ContinuationRequest _template;
    private readonly ConcurrentDictionary<int, Generation> _samples = new();
    private readonly ConcurrentDictionary<int, string> _finishes = new();
    private readonly ConcurrentDictionary<int, (string Content, string? Reasoning)> _fields = new();
    private int _promptTokens = -1;

    /// <param name="engine">Where samples come from.</param>
    /// <param name="template">The conversation, the per-sample token limit and the sampling options; its assistant prefix is ignored (every sample is a fresh turn).</param>
    public StreamingReasoningEngine(IStreamingEngine engine, ContinuationRequest template)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(template);
        _engine = engine;
        _template = template;
    }

    /// <summary>The question of the template's conversation (its last user turn).</summary>
    public string Question => _template.Question;

    /// <summary>The samples generated so far, by index.</summary>
    public IReadOnlyDictionary<int, Generation> Samples => _samples;

    /// <summary>How sample <paramref name="index"/> finished (<c>stop</c>, <c>length</c>); <c>stop</c> when the engine did not say.</summary>
    public string FinishOf(int index) => _finishes.GetValueOrDefault(index, "stop");

    /// <summary>Sample <paramref name="index"/> as the engine filed it: its content and its reasoning (null when the engine sent none).</summary>
    public (string Content, string? Reasoning) FieldsOf(int index) => _fields.GetValueOrDefault(index, ("", null));

    /// <summary>The engine's count of the conversation's prompt tokens (the same for every sample), or null when it reported none.</summary>
    public int? PromptTokens => Volatile.Read(ref _promptTokens) is var count and >= 0 ? count : null;

    /// <summary>The seed sample <paramref name="index"/> uses.</summary>
    public long SeedOf(int index) => (_template.Sampling.Seed ?? 0) + index;

    public async ValueTask<Generation> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        if (_samples.TryGetValue(request.Index, out var kept))
            return kept;
        var continuation = _template with
        {
            AssistantPrefix = "",
            MaxTokens = request.MaxTokens ?? _template.MaxTokens,
            Sampling = _template.Sampling with { Seed = SeedOf(request.Index) },
        };
        var content = new StringBuilder();
        var reasoning = new StringBuilder();
        var tokens = 0;
        string? finish = null;
        // Current while the sample streams: its upstream request is the span's child.
        using var span = DynasorActivity.StartStep(DynasorActivity.ScSample);
        span?.SetTag(DynasorActivity.SampleIndex, request.Index);
        try
        {
            await foreach (var token in _engine.StreamAsync(continuation, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                tokens += token.Tokens;
                content.Append(token.Text);
                reasoning.Append(token.Reasoning);
                finish = token.FinishReason ?? finish;
                if (token.Report?.PromptTokens is { } prompt)
                    Interlocked.CompareExchange(ref _promptTokens, prompt, -1);
            }
        }
        catch (Exception e) when (DynasorActivity.Fail(span, e))
        {
            throw;
        }
        span?.SetTag(DynasorActivity.Tokens, (long)tokens);
        span?.SetTag("gen_ai.response.finish_reasons", finish is null ? null : new[] { finish });
        // The answer lives in the content; an upstream that filed everything as reasoning still has it there.
        var text = content.Length > 0 ? content.ToString() : reasoning.ToString();
        var generation = new Generation(text, tokens);
        _samples[request.Index] = generation;
        _fields[request.Index] = (content.ToString(), reasoning.Length > 0 ? reasoning.ToString() : null);
        if (finish is not null)
            _finishes[request.Index] = finish;
        return generation;
    }
}
