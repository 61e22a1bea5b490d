using System.Text.Json;

namespace Dynasor.Server.Relay;

/// <summary>
/// What the relay must know of one upstream JSON object (a stream chunk or a whole response), read in one pass of a
/// <see cref="Utf8JsonReader"/> without building a document: whether it ends a choice, its usage, and an error.
/// </summary>
/// <param name="Choices">Entries in <c>choices</c> (0 for a usage-only chunk).</param>
/// <param name="Finished">Choices in it with a non-null <c>finish_reason</c>.</param>
/// <param name="Pieces">Choices in it carrying non-empty text (content, text or reasoning): a count of tokens when the engine reports no usage.</param>
/// <param name="CompletionTokens"><c>usage.completion_tokens</c>, when the object carries usage.</param>
/// <param name="PromptTokens"><c>usage.prompt_tokens</c>, when the object carries usage.</param>
/// <param name="IsError">A top-level <c>error</c> member: an error event.</param>
public readonly record struct ChunkInfo(int Choices, int Finished, int Pieces, long? CompletionTokens, long? PromptTokens, bool IsError)
{
    /// <summary>Reads <paramref name="utf8"/>; false when it is not a JSON object (the relay then passes it on untouched).</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8, out ChunkInfo info)
    {
        info = default;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return false;
            int choices = 0, finished = 0, pieces = 0;
            long? completion = null, prompt = null;
            var error = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            choices++;
                            var (done, text) = Choice(ref reader);
                            finished += done ? 1 : 0;
                            pieces += text ? 1 : 0;
                        }
                    }
                    else
                        reader.Skip();
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                        (completion, prompt) = Usage(ref reader);
                    else
                        reader.Skip();
                }
                else
                {
                    error |= reader.ValueTextEquals("error"u8);
                    reader.Read();
                    reader.Skip();
                }
            }
            info = new ChunkInfo(choices, finished, pieces, completion, prompt, error);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // One element of choices: whether it has a finish reason and whether it carries text.
    private static (bool Finished, bool Text) Choice(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return (false, false);
        }
        bool finished = false, text = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                finished = reader.TokenType != JsonTokenType.Null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                text |= NonEmptyString(ref reader);
            }
            else if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                text |= MessageHasText(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return (finished, text);
    }

    private static bool MessageHasText(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }
        var text = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var counted = reader.ValueTextEquals("content"u8) || reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8);
            reader.Read();
            if (counted)
                text |= NonEmptyString(ref reader);
            else
                reader.Skip();
        }
        return text;
    }

    private static bool NonEmptyString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;

    private static (long?, long?) Usage(ref Utf8JsonReader reader)
    {
        long? completion = null, prompt = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCompletion = reader.ValueTextEquals("completion_tokens"u8);
            var isPrompt = reader.ValueTextEquals("prompt_tokens"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
            {
                if (isCompletion)
                    completion = value;
                else if (isPrompt)
                    prompt = value;
            }
            reader.Skip();
        }
        return (completion, prompt);
    }
}
