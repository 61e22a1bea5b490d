using System.Text.Json;
using Dynasor.Engines;

namespace Dynasor.Server.OpenAi;

/// <summary>
/// Turns a chat or text completion body into an <see cref="OpenAiRequest"/>, or throws <see cref="OpenAiException"/>
/// (400) naming the field at fault. Fields Dynasor does not read itself are kept as the client sent them
/// (<see cref="OpenAiRequest.ClientFields"/>) and reach every upstream request; a field a mode cannot honour is
/// refused for that mode (<see cref="ModeFields"/>), never dropped.
/// </summary>
public static class RequestParser
{
    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool"];

    // Fields Dynasor reads and writes itself on every upstream request; the rest of the body is forwarded as it came.
    private static readonly HashSet<string> Owned =
    [
        "model", "prompt", "stream", "stream_options", "max_tokens", "max_completion_tokens", "n", "seed", "temperature", "top_p",
        "stop", "dynasor", "priority", "continue_final_message", "add_generation_prompt",
    ];

    /// <summary>Parses a <c>/v1/chat/completions</c> body.</summary>
    public static OpenAiRequest ParseChat(ReadOnlyMemory<byte> body, RequestLimits limits, DynasorSettings defaults)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        if (!root.TryGetProperty("messages", out var messagesJson) || JsonFields.IsNull(messagesJson))
            throw OpenAiException.Invalid("'messages' is required: an array of {\"role\",\"content\"} objects.", "messages", "missing_required_parameter");
        var (messages, media) = Messages(messagesJson);
        var prefix = "";
        var reasoningPrefix = "";
        var kept = messages.Count;
        if (root.TryGetProperty("continue_final_message", out var cont) && ContinueFlag(cont))
        {
            if (messages[^1].Role != "assistant")
                throw OpenAiException.Invalid("'continue_final_message' needs the last message to be the assistant's partial turn.", "messages");
            prefix = messages[^1].Content;
            // A partial chain inside the reasoning block comes back in the message's reasoning field (llama.cpp, DeepSeek API).
            var last = messagesJson[messages.Count - 1];
            reasoningPrefix = last.TryGetProperty("reasoning_content", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()!
                : last.TryGetProperty("reasoning", out r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "";
            messages = messages.Take(messages.Count - 1).ToList();
            kept--;
        }
        if (root.TryGetProperty("add_generation_prompt", out var add))
            JsonFields.Bool(add, "add_generation_prompt");
        var request = Common(root, messages, prefix, limits, defaults, media);
        // Mode off in front of HTTP engines forwards the body itself; only the modes re-send the client's fields.
        return request with
        {
            ReasoningPrefix = reasoningPrefix,
            ClientFields = request.Dynasor.Mode == "off" ? null : Forwarded(root, messagesJson, kept),
        };
    }

    // llama.cpp also takes "content" and "reasoning_content" (where to continue); both mean true here.
    private static bool ContinueFlag(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? value.GetString() is "content" or "reasoning_content" ? true
            : throw OpenAiException.Invalid("'continue_final_message' must be true, false, \"content\" or \"reasoning_content\".", "continue_final_message")
        : JsonFields.Bool(value, "continue_final_message");

    // The body without the fields Dynasor writes itself, and with the messages it continues (a prefill message is re-made).
    private static JsonElement Forwarded(JsonElement root, JsonElement? messages, int keptMessages)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var field in root.EnumerateObject())
            {
                if (Owned.Contains(field.Name) || field.Name == "messages")
                    continue;
                field.WriteTo(json);
            }
            if (messages is { } list)
            {
                json.WriteStartArray("messages");
                var i = 0;
                foreach (var message in list.EnumerateArray())
                {
                    if (i++ < keptMessages)
                        message.WriteTo(json);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Parses a <c>/v1/completions</c> body; the prompt is read with <see cref="PromptTemplate"/>.</summary>
    public static OpenAiRequest ParseCompletion(ReadOnlyMemory<byte> body, RequestLimits limits, DynasorSettings defaults)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        if (!root.TryGetProperty("prompt", out var promptJson) || JsonFields.IsNull(promptJson))
            throw OpenAiException.Invalid("'prompt' is required: a string.", "prompt", "missing_required_parameter");
        if (promptJson.ValueKind == JsonValueKind.Array && promptJson.GetArrayLength() == 1 && promptJson[0].ValueKind == JsonValueKind.String)
            promptJson = promptJson[0];
        if (promptJson.ValueKind == JsonValueKind.Array)
        {
            // Token ids or several prompts: Dynasor relays them (mode off); its programs continue one text prompt.
            var request = Common(root, [], "", limits, defaults, media: false);
            if (request.Dynasor.Mode != "off")
                throw OpenAiException.Invalid($"'prompt' as a list (token ids or several prompts) works with dynasor.mode off only; mode {request.Dynasor.Mode} continues one string prompt.", "prompt");
            return request;
        }
        var prompt = JsonFields.String(promptJson, "prompt");
        var (messages, prefix) = PromptTemplate.Parse(prompt);
        // An HTTP engine continues the raw prompt: its text before the open turn read as the prefix, plus the turn.
        var before = prompt.EndsWith(prefix, StringComparison.Ordinal) ? prompt[..^prefix.Length] : prompt;
        var parsed = Common(root, messages, prefix, limits, defaults, media: false);
        return parsed with { Prompt = before, ClientFields = parsed.Dynasor.Mode == "off" ? null : Forwarded(root, null, 0) };
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw OpenAiException.Invalid($"The request body is not valid JSON ({e.Message}); send one JSON object.", null, "invalid_json");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw OpenAiException.Invalid("The request body must be a JSON object.", null, "invalid_json");
        }
        try
        {
            JsonText.Validate(document.RootElement);
        }
        catch
        {
            document.Dispose();
            throw;
        }
        return document;
    }

    private static OpenAiRequest Common(JsonElement root, IReadOnlyList<ChatTurn> messages, string prefix, RequestLimits limits, DynasorSettings defaults, bool media)
    {
        string? model = root.TryGetProperty("model", out var m) && !JsonFields.IsNull(m) ? JsonFields.String(m, "model") : null;
        var stream = Optional(root, "stream", (v, n) => JsonFields.Bool(v, n), false);
        var includeUsage = false;
        if (root.TryGetProperty("stream_options", out var options) && !JsonFields.IsNull(options))
        {
            if (options.ValueKind != JsonValueKind.Object)
                throw OpenAiException.Invalid("'stream_options' must be an object like {\"include_usage\":true}.", "stream_options", "invalid_type");
            includeUsage = Optional(options, "include_usage", (v, n) => JsonFields.Bool(v, n), false, "stream_options.");
        }
        var n = Optional(root, "n", (v, name) => JsonFields.Int(v, name, 1, limits.MaxChoices), 1);
        int? maxTokens = Optional<int?>(root, "max_completion_tokens", (v, name) => JsonFields.Int(v, name, 1, limits.MaxTokens), null)
            ?? Optional<int?>(root, "max_tokens", (v, name) => JsonFields.Int(v, name, 1, limits.MaxTokens), null);
        var sampling = new SamplingOptions(
            Optional<double?>(root, "temperature", (v, name) => JsonFields.Double(v, name, 0, 2), null),
            Optional<double?>(root, "top_p", (v, name) => JsonFields.Double(v, name, 0, 1, minExclusive: true), null),
            Optional<long?>(root, "seed", (v, name) => JsonFields.Long(v, name), null),
            root.TryGetProperty("stop", out var stop) ? Stops(stop) : null);
        var dynasor = root.TryGetProperty("dynasor", out var d) && !JsonFields.IsNull(d) ? defaults.Merge(d) : defaults;
        ModeFields.Check(root, dynasor.Mode, n, media);
        return new OpenAiRequest(model, messages, prefix, stream, includeUsage, n, maxTokens ?? limits.DefaultMaxTokens, sampling, dynasor);
    }

    private static T Optional<T>(JsonElement root, string name, Func<JsonElement, string, T> read, T fallback, string prefix = "") =>
        root.TryGetProperty(name, out var value) && !JsonFields.IsNull(value) ? read(value, prefix + name) : fallback;

    private static (List<ChatTurn> Turns, bool Media) Messages(JsonElement json)
    {
        var media = false;
        if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() == 0)
            throw OpenAiException.Invalid("'messages' must be a non-empty array of {\"role\",\"content\"} objects.", "messages", "invalid_type");
        var turns = new List<ChatTurn>();
        foreach (var item in json.EnumerateArray())
        {
            var at = $"messages[{turns.Count}]";
            if (item.ValueKind != JsonValueKind.Object)
                throw OpenAiException.Invalid($"'{at}' must be an object with 'role' and 'content'.", at, "invalid_type");
            if (!item.TryGetProperty("role", out var roleJson))
                throw OpenAiException.Invalid($"'{at}.role' is required.", $"{at}.role", "missing_required_parameter");
            var role = JsonFields.String(roleJson, $"{at}.role");
            if (!Roles.Contains(role))
                throw OpenAiException.Invalid($"'{at}.role' is '{role}'; use one of: {string.Join(", ", Roles)}.", $"{at}.role");
            turns.Add(new ChatTurn(role, item.TryGetProperty("content", out var content) ? Content(content, $"{at}.content", ref media) : ""));
        }
        return (turns, media);
    }

    // Content is a string or an array of parts. Text parts make the turn's text (what an in-process engine reads);
    // other parts (images, audio, files) are the engine's business and reach it in the forwarded messages.
    private static string Content(JsonElement json, string at, ref bool media)
    {
        if (json.ValueKind == JsonValueKind.Null)
            return "";
        if (json.ValueKind != JsonValueKind.Array)
            return JsonFields.String(json, at);
        var text = new System.Text.StringBuilder();
        var index = 0;
        foreach (var part in json.EnumerateArray())
        {
            var name = $"{at}[{index++}]";
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                throw OpenAiException.Invalid($"'{name}' must be a content part with a \"type\", e.g. {{\"type\":\"text\",\"text\":\"...\"}}.", name, "invalid_type");
            if (type.GetString() != "text")
            {
                media = true;
                continue;
            }
            if (!part.TryGetProperty("text", out var partText))
                throw OpenAiException.Invalid($"'{name}.text' is required for a text part.", name + ".text", "missing_required_parameter");
            text.Append(JsonFields.String(partText, name + ".text"));
        }
        return text.ToString();
    }

    private static IReadOnlyList<string>? Stops(JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Null)
            return null;
        if (json.ValueKind == JsonValueKind.String)
            return [json.GetString()!];
        if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() > 4)
            throw OpenAiException.Invalid("'stop' must be a string or an array of at most 4 strings.", "stop", "invalid_type");
        return json.EnumerateArray().Select((s, i) => JsonFields.String(s, $"stop[{i}]")).ToList();
    }
}
