namespace Dynasor.Server.Dialects;

/// <summary>
/// Dynasor's own reasoning parser for text an engine returns raw (a completion on token ids passes through no
/// reasoning parser): inside a reasoning block, text up to <c>&lt;/think&gt;</c> is reasoning and the tag itself is
/// dropped; after it, everything is content. At the very start of a turn an opening <c>&lt;think&gt;</c> (a model that
/// writes the tag itself, as Qwen3 does) enters the block. This is what the DeepSeek-R1 style parsers of vLLM, SGLang
/// and llama.cpp (<c>--reasoning-format deepseek</c>) make of the same text. A tag split over several pieces is held
/// back until it is complete. Not thread-safe: one per stream.
/// </summary>
public sealed class ThinkSplitter
{
    private const string Open = "<think>";
    private const string Close = "</think>";
    private string _held = "";
    private bool _atStart;

    /// <param name="inReasoning">Whether the turn stands inside a reasoning block when the stream begins.</param>
    /// <param name="atTurnStart">Whether nothing of the turn was generated yet (an opening tag may still come), and the engine parses reasoning.</param>
    /// <param name="lead">
    /// Prompt text after the prompt's own <c>&lt;think&gt;</c> that the engine's parser counts as reasoning (llama.cpp
    /// parses its generation prompt with the output, so R1's <c>&lt;think&gt;\n</c> gives reasoning starting with
    /// <c>\n</c>); it opens the first reasoning text.
    /// </param>
    public ThinkSplitter(bool inReasoning, bool atTurnStart, string lead = "")
    {
        InReasoning = inReasoning;
        _atStart = atTurnStart && !inReasoning;
        _held = inReasoning ? lead : "";
    }

    /// <summary>Whether the text so far ends inside the reasoning block.</summary>
    public bool InReasoning { get; private set; }

    /// <summary>Splits the next piece of raw text into its reasoning and content parts (either may be empty).</summary>
    public (string Reasoning, string Content) Push(string text)
    {
        var pending = _held + text;
        _held = "";
        if (_atStart)
        {
            var start = pending.TrimStart();
            if (start.StartsWith(Open, StringComparison.Ordinal))
            {
                _atStart = false;
                InReasoning = true;
                pending = start[Open.Length..];
            }
            else if (Open.StartsWith(start, StringComparison.Ordinal))
            {
                // Could still become the opening tag: wait for more.
                _held = pending;
                return ("", "");
            }
            else
                _atStart = false;
        }
        if (!InReasoning)
            return ("", pending);
        var close = pending.IndexOf(Close, StringComparison.Ordinal);
        if (close >= 0)
        {
            InReasoning = false;
            return (pending[..close], pending[(close + Close.Length)..]);
        }
        // Hold back a tail that may be the start of the closing tag.
        var keep = PartialTag(pending);
        _held = pending[^keep..];
        return (pending[..^keep], "");
    }

    /// <summary>Text held back at the end of the stream (a partial tag that never completed), where it belongs.</summary>
    public (string Reasoning, string Content) Flush()
    {
        var held = _held;
        _held = "";
        _atStart = false;
        return InReasoning ? (held, "") : ("", held);
    }

    // The longest suffix of text that is a proper prefix of "</think>".
    private static int PartialTag(string text)
    {
        for (var length = Math.Min(Close.Length - 1, text.Length); length > 0; length--)
        {
            if (Close.AsSpan(0, length).SequenceEqual(text.AsSpan(text.Length - length)))
                return length;
        }
        return 0;
    }

    /// <summary>Whether a rendered prompt ends inside an open reasoning block (its last <c>&lt;think&gt;</c> is not closed).</summary>
    public static bool OpensReasoning(string prompt)
    {
        var open = prompt.LastIndexOf(Open, StringComparison.Ordinal);
        return open >= 0 && open > prompt.LastIndexOf(Close, StringComparison.Ordinal);
    }
}
