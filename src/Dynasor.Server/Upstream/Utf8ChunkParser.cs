using System.Text.Json;

namespace Dynasor.Server.Upstream;

/// <summary>
/// The per-token fast path of <see cref="UpstreamChunk.Parse(ReadOnlySpan{byte})"/>: one forward pass of a
/// <see cref="Utf8JsonReader"/> over the line's bytes, no document and no string but the delta's text. It reads the
/// same fields with the same rules (the last duplicate wins, <c>reasoning_content</c> before <c>reasoning</c>, a
/// <c>delta</c> object overrides <c>text</c>) and validates the whole chunk; anything unusual (an error event, a root
/// that is not an object, malformed JSON or UTF-8) it declines, and the caller takes the general path.
/// </summary>
internal static class Utf8ChunkParser
{
    public static bool TryParse(ReadOnlySpan<byte> utf8, out UpstreamChunk chunk)
    {
        chunk = default;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return false;
            int? usage = null;
            string? text = null, reasoning = null, field = null, finish = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("error"u8))
                    return false;
                if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    usage = Usage(ref reader);
                }
                else if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    (text, reasoning, field, finish) = Choices(ref reader);
                }
                else
                    SkipValue(ref reader);
            }
            // Trailing bytes after the root object are malformed (the reader throws); whitespace is not.
            if (reader.Read())
                return false;
            chunk = new UpstreamChunk(text, reasoning, field, finish, usage, null);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // The general path gives the error its usual message (or decodes bad UTF-8 the way it always did).
            return false;
        }
    }

    private static int? Usage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        int? usage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var tokens = reader.ValueTextEquals("completion_tokens"u8);
            reader.Read();
            if (!tokens)
                reader.Skip();
            else if (reader.TokenType == JsonTokenType.Number)
                usage = reader.TryGetInt32(out var count) ? count : null;
            else
                throw new InvalidOperationException("A count that is not a number goes the general path.");
        }
        return usage;
    }

    private static (string? Text, string? Reasoning, string? Field, string? Finish) Choices(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return default;
        }
        var result = default((string?, string?, string?, string?));
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (first && reader.TokenType != JsonTokenType.StartObject)
                throw new InvalidOperationException("A first choice that is not an object goes the general path.");
            if (first)
                result = Choice(ref reader);
            else
                reader.Skip();
            first = false;
        }
        return result;
    }

    private static (string?, string?, string?, string?) Choice(ref Utf8JsonReader reader)
    {
        string? text = null, content = null, reasoningContent = null, reasoning = null, finish = null;
        var delta = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("finish_reason"u8))
                finish = StringOrNull(ref reader);
            else if (reader.ValueTextEquals("text"u8))
                text = StringOrNull(ref reader);
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                delta = reader.TokenType == JsonTokenType.StartObject;
                if (!delta)
                {
                    reader.Skip();
                    continue;
                }
                (content, reasoningContent, reasoning) = (null, null, null);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("content"u8))
                        content = StringOrNull(ref reader);
                    else if (reader.ValueTextEquals("reasoning_content"u8))
                        reasoningContent = StringOrNull(ref reader);
                    else if (reader.ValueTextEquals("reasoning"u8))
                        reasoning = StringOrNull(ref reader);
                    else
                        SkipValue(ref reader);
                }
            }
            else
                SkipValue(ref reader);
        }
        if (!delta)
            return (text, null, null, finish);
        return reasoningContent is not null ? (content, reasoningContent, "reasoning_content", finish)
            : reasoning is not null ? (content, reasoning, "reasoning", finish)
            : (content, null, null, finish);
    }

    // From a property name, past its value.
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static string? StringOrNull(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
            return reader.GetString();
        reader.Skip();
        return null;
    }
}
