using Dynasor.Engines;
using Dynasor.Server.Dialects;

namespace Dynasor.Server.Upstream;

/// <summary>
/// Turns one upstream stream's parsed chunks into <see cref="StreamedToken"/>s: text by field (the engine's own or,
/// for raw text, <see cref="ThinkSplitter"/>'s), the ids each piece stands for, and at the end the usage the engine
/// reported. A piece stands for its ids' count of tokens, else one; the last piece carries what usage reports beyond
/// that, so counts stay per token. Not thread-safe: one per stream.
/// </summary>
internal sealed class TokenReader(ThinkSplitter? splitter, bool inReasoning)
{
    private int _counted;
    private int? _usage;
    private int? _prompt;
    private int[]? _promptIds;
    private string? _finish;
    private bool _sawContent;
    private bool _sawReasoning = inReasoning;

    /// <summary>Every id the stream carried, in order.</summary>
    public List<int> Ids { get; } = [];

    /// <summary>True once a chunk said the generation ended (a finish reason, or llama.cpp's <c>"stop": true</c>).</summary>
    public bool Finished => _finish is not null;

    /// <summary>Whether the turn ends inside its reasoning block, as far as the text shows.</summary>
    public bool InReasoning => splitter?.InReasoning ?? (_sawReasoning && !_sawContent);

    /// <summary>The token for <paramref name="chunk"/>, or null when it carries no text and no ids.</summary>
    public StreamedToken? Read(UpstreamChunk chunk)
    {
        _usage = chunk.CompletionTokens ?? _usage;
        _prompt = chunk.PromptTokens ?? _prompt;
        _promptIds ??= chunk.PromptTokenIds;
        _finish = chunk.FinishReason ?? _finish;
        var (reasoning, content) = splitter is null ? (chunk.Reasoning ?? "", chunk.Text ?? "") : splitter.Push(chunk.Text ?? "");
        var ids = chunk.TokenIds is { Length: > 0 } t ? t : null;
        if (content.Length == 0 && reasoning.Length == 0 && ids is null)
            return null;
        _sawContent |= content.Length > 0;
        _sawReasoning |= reasoning.Length > 0;
        if (ids is not null)
            Ids.AddRange(ids);
        var tokens = ids?.Length ?? 1;
        _counted += tokens;
        return new StreamedToken(content, tokens, null, reasoning.Length > 0 ? reasoning : null, ids);
    }

    /// <summary>Text a splitter still held at the end (a partial tag that never completed), as a token of no count.</summary>
    public StreamedToken? Flush()
    {
        if (splitter is null)
            return null;
        var (reasoning, content) = splitter.Flush();
        return content.Length == 0 && reasoning.Length == 0 ? null : new StreamedToken(content, 0, null, reasoning.Length > 0 ? reasoning : null, []);
    }

    /// <summary>The stream's last piece: the finish reason, the tokens usage counts beyond the pieces, and the report.</summary>
    public StreamedToken Last(int[]? renderedPromptIds, bool inReasoning) =>
        new("", Math.Max(0, (_usage ?? _counted) - _counted), _finish ?? "stop",
            Report: new StreamReport(_prompt, renderedPromptIds ?? _promptIds, inReasoning));
}
