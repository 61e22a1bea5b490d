using System.Text;
using Dynasor.Answers;
using Dynasor.Cot;
using Dynasor.Engines;
using Dynasor.Traces;

namespace Dynasor.Server.Recording;

/// <summary>
/// The engine under one Dynasor-CoT chain while it is recorded: passes every request through unchanged, and watches the
/// chain's chunks (requests without a suffix: their tokens set each probe's position, their text the chain's final
/// answer) and its probes (requests with the probe suffix, in launch order). Chunks run one at a time on the run's
/// consumer; probes run concurrently, each filling its own capture. Read <see cref="Chain"/> after the run has ended.
/// </summary>
internal sealed class ProbeTap(IStreamingEngine inner) : IStreamingEngine
{
    private readonly List<ProbeCapture> _probes = [];
    private readonly StringBuilder _content = new();
    private readonly StringBuilder _reasoning = new();
    private int _chainTokens;

    public IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Suffix.Length == 0)
            return new ObservedStream<StreamedToken>(inner.StreamAsync(request, cancellationToken), Chunk);
        // Launched at a chunk boundary, after the run consumed every chunk token: the count is the probe's position.
        var probe = new ProbeCapture(_chainTokens);
        lock (_probes)
            _probes.Add(probe);
        return probe.Watch(inner.StreamAsync(request, cancellationToken));
    }

    /// <summary>
    /// The chain as recorded: the first <paramref name="applied"/> probes (the ones the run read; later ones were cancelled
    /// by its end), the chain tokens it consumed, and the settings it ran with.
    /// </summary>
    public TraceChain Chain(CotOptions options, int applied, bool exited)
    {
        List<TraceProbe> probes;
        lock (_probes)
            probes = _probes.Take(applied).Select(p => p.ToProbe()).ToList();
        return new TraceChain(options.ProbeInterval, options.ProbeMaxTokens, _chainTokens, exited, probes) { Window = options.Window };
    }

    /// <summary>The chain's own final answer, as a client reads it from the text (content, or reasoning when there is no content).</summary>
    public string FinalAnswer() => AnswerExtractor.Extract(_content.Length > 0 ? _content.ToString() : _reasoning.ToString());

    /// <summary>The chain's text as generated: reasoning first, then content.</summary>
    public string Text() => _reasoning.ToString() + _content;

    private void Chunk(StreamedToken token)
    {
        _chainTokens += token.Tokens;
        _content.Append(token.Text);
        _reasoning.Append(token.Reasoning);
    }
}
