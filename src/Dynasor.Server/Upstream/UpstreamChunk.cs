using System.Text.Json;

namespace Dynasor.Server.Upstream;

/// <summary>
/// One parsed upstream JSON object, in any of the shapes engines stream: an OpenAI chat chunk (<c>delta</c>) or whole
/// response (<c>message</c>), a text completion chunk (<c>text</c>), or llama.cpp's native <c>/completion</c> chunk
/// (<c>content</c>, <c>tokens</c>, <c>stop</c>). Only the first choice is read: Dynasor asks engines for one.
/// </summary>
/// <param name="Text">Content of the first choice (delta or message content, completion text, native content).</param>
/// <param name="Reasoning">The choice's reasoning text, whichever field carried it.</param>
/// <param name="ReasoningField">The field name the reasoning came in (<c>reasoning_content</c> or <c>reasoning</c>).</param>
/// <param name="FinishReason">The first choice's finish reason, if set (native: <c>stop_type</c> mapped to stop/length).</param>
/// <param name="CompletionTokens"><c>usage.completion_tokens</c> (native: <c>tokens_predicted</c> on the last chunk).</param>
/// <param name="PromptTokens"><c>usage.prompt_tokens</c> (native: <c>tokens_evaluated</c> on the last chunk).</param>
/// <param name="TokenIds">The generated ids this object carries (vLLM/SGLang <c>token_ids</c>, llama.cpp <c>tokens</c>).</param>
/// <param name="PromptTokenIds">The prompt's ids, where the engine returns them (<c>prompt_token_ids</c>, top level or per choice).</param>
/// <param name="Error">The message of an error object.</param>
internal sealed record UpstreamChunk(
    string? Text = null,
    string? Reasoning = null,
    string? ReasoningField = null,
    string? FinishReason = null,
    int? CompletionTokens = null,
    int? PromptTokens = null,
    int[]? TokenIds = null,
    int[]? PromptTokenIds = null,
    string? Error = null)
{
    /// <summary>Parses one JSON object (UTF-8); throws <see cref="JsonException"/> on malformed JSON or a root that is not an object.</summary>
    public static UpstreamChunk Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("The chunk is not a JSON object.");
        var chunk = new UpstreamChunk();
        bool? nativeStop = null;
        string? stopType = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                chunk = Choices(ref reader, chunk);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                chunk = Usage(ref reader, chunk);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                chunk = chunk with { Error = ErrorMessage(ref reader) };
            }
            else if (reader.ValueTextEquals("prompt_token_ids"u8))
                chunk = chunk with { PromptTokenIds = Ids(ref reader) };
            // llama.cpp's native /completion stream.
            else if (reader.ValueTextEquals("content"u8))
                chunk = chunk with { Text = StringOrNull(ref reader) };
            else if (reader.ValueTextEquals("tokens"u8))
                chunk = chunk with { TokenIds = Ids(ref reader) };
            else if (reader.ValueTextEquals("stop"u8))
            {
                reader.Read();
                nativeStop = reader.TokenType == JsonTokenType.True ? true : reader.TokenType == JsonTokenType.False ? false : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("stop_type"u8))
                stopType = StringOrNull(ref reader);
            else if (reader.ValueTextEquals("tokens_predicted"u8))
                chunk = chunk with { CompletionTokens = Int(ref reader) };
            else if (reader.ValueTextEquals("tokens_evaluated"u8))
                chunk = chunk with { PromptTokens = Int(ref reader) };
            else
                SkipValue(ref reader);
        }
        if (nativeStop == true)
            chunk = chunk with { FinishReason = stopType is "limit" ? "length" : "stop" };
        return chunk;
    }

    private static UpstreamChunk Choices(ref Utf8JsonReader reader, UpstreamChunk chunk)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return chunk;
        }
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (first && reader.TokenType == JsonTokenType.StartObject)
                chunk = Choice(ref reader, chunk);
            else
                reader.Skip();
            first = false;
        }
        return chunk;
    }

    private static UpstreamChunk Choice(ref Utf8JsonReader reader, UpstreamChunk chunk)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("finish_reason"u8))
                chunk = chunk with { FinishReason = StringOrNull(ref reader) };
            else if (reader.ValueTextEquals("text"u8))
                chunk = chunk with { Text = StringOrNull(ref reader) };
            else if (reader.ValueTextEquals("token_ids"u8))
                chunk = chunk with { TokenIds = Ids(ref reader) };
            else if (reader.ValueTextEquals("prompt_token_ids"u8))
                chunk = chunk with { PromptTokenIds = Ids(ref reader) };
            else if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                chunk = Message(ref reader, chunk);
            }
            else
                SkipValue(ref reader);
        }
        return chunk;
    }

    // A delta or message: its content, and its reasoning under either name (reasoning_content first).
    private static UpstreamChunk Message(ref Utf8JsonReader reader, UpstreamChunk chunk)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return chunk;
        }
        string? content = null, reasoningContent = null, reasoning = null;
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
        return reasoningContent is not null ? chunk with { Text = content, Reasoning = reasoningContent, ReasoningField = "reasoning_content" }
            : reasoning is not null ? chunk with { Text = content, Reasoning = reasoning, ReasoningField = "reasoning" }
            : chunk with { Text = content };
    }

    private static UpstreamChunk Usage(ref Utf8JsonReader reader, UpstreamChunk chunk)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return chunk;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("completion_tokens"u8))
                chunk = chunk with { CompletionTokens = Int(ref reader) };
            else if (reader.ValueTextEquals("prompt_tokens"u8))
                chunk = chunk with { PromptTokens = Int(ref reader) };
            else
                SkipValue(ref reader);
        }
        return chunk;
    }

    private static string ErrorMessage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
            return reader.GetString()!;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return "unknown error";
        }
        var message = "unknown error";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8))
                message = StringOrNull(ref reader) ?? message;
            else
                SkipValue(ref reader);
        }
        return message;
    }

    private static int[]? Ids(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }
        var ids = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // llama.cpp may give {"id":..,"piece":..} objects; only plain ids are continued on.
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var id))
                throw new JsonException("A token id that is not an integer.");
            ids.Add(id);
        }
        return [.. ids];
    }

    private static int? Int(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
            return value;
        reader.Skip();
        return null;
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
