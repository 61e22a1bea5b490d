namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>
/// A DeepSeek-style reasoning parser (vLLM/SGLang <c>--reasoning-parser deepseek_r1</c>, llama.cpp
/// <c>--reasoning-format deepseek</c>): text inside <c>&lt;think&gt;</c>…<c>&lt;/think&gt;</c> is reasoning, text after
/// it content. When the prompt already opened the block (the R1 generation prompt ends <c>&lt;think&gt;\n</c>) the
/// output starts inside it. A <c>&lt;think&gt;</c> is recognised only before any content; after <c>&lt;/think&gt;</c>
/// everything is content. Stream-safe: a tag split over tokens is held back until it is complete or ruled out.
/// The real vLLM/SGLang R1 parsers treat output as reasoning whatever the prompt; the fakes decide from the rendered
/// prompt, which agrees for the R1 template and lets a ChatML prompt produce plain content.
/// </summary>
public sealed class ThinkParser(bool startInReasoning)
{
    private const string Open = "<think>";
    private const string Close = "</think>";
    private string _pending = "";
    private bool _inReasoning = startInReasoning;
    private bool _closed;
    private bool _contentStarted;

    /// <summary>Adds output text; returns the reasoning and content that are now certain.</summary>
    public (string Reasoning, string Content) Feed(string text)
    {
        _pending += text;
        var reasoning = "";
        var content = "";
        while (_pending.Length > 0)
        {
            var tag = _inReasoning ? Close : (!_closed && !_contentStarted ? Open : null);
            if (tag is null)
            {
                content += _pending;
                _pending = "";
                break;
            }
            var at = _pending.IndexOf(tag, StringComparison.Ordinal);
            if (at >= 0)
            {
                Emit(_pending[..at], ref reasoning, ref content);
                _pending = _pending[(at + tag.Length)..];
                _closed |= _inReasoning;
                _inReasoning = !_inReasoning;
                continue;
            }
            var keep = PartialTagLength(_pending, tag);
            // Before <think> only whitespace may wait for the tag; other text starts the content.
            if (!_inReasoning && _pending[..^keep].Trim().Length > 0)
            {
                content += _pending;
                _contentStarted = true;
                _pending = "";
                break;
            }
            // In reasoning all but a partial </think> is certain; before content, whitespace waits for <think>.
            if (_inReasoning)
            {
                Emit(_pending[..^keep], ref reasoning, ref content);
                _pending = _pending[^keep..];
            }
            break;
        }
        return (reasoning, content);
    }

    /// <summary>Ends the output: held-back text is released as it stands.</summary>
    public (string Reasoning, string Content) Finish()
    {
        var rest = _pending;
        _pending = "";
        return _inReasoning ? (rest, "") : ("", rest);
    }

    private void Emit(string text, ref string reasoning, ref string content)
    {
        if (_inReasoning)
            reasoning += text;
        else
        {
            content += text;
            _contentStarted |= text.Trim().Length > 0;
        }
    }

    // The length of the longest end of text that could be the start of tag.
    private static int PartialTagLength(string text, string tag)
    {
        for (var length = Math.Min(tag.Length - 1, text.Length); length > 0; length--)
            if (tag.StartsWith(text[^length..], StringComparison.Ordinal))
                return length;
        return 0;
    }
}
