using System.Text.Json;
using Dynasor.Engines;

namespace Dynasor.Server.OpenAi;

/// <summary>
/// Turns a chat or text completion body into an <see cref="OpenAiRequest"/>, or throws <see cref="OpenAiException"/>
/// (400) naming the field at fault. Fields Dynasor does not use (<c>user</c>, <c>logprobs</c>, ...) are ignored, as
/// OpenAI-compatible engines do.
/// </summary>
public static class RequestParser
{
    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool"];

    /// <summary>Parses a <c>/v1/chat/completions</c> body.</summary>
    public static OpenAiRequest ParseChat(ReadOnlyMemory<byte> body, RequestLimits limits, DynasorSettings defaults)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        if (!root.TryGetProperty("messages", out var messagesJson) || JsonFields.IsNull(messagesJson))
            throw OpenAiException.Invalid("'messages' is required: an array of {\"role\",\"content\"} objects.", "messages", "missing_required_parameter");
        var messages = Messages(messagesJson);
        var prefix = "";
        if (root.TryGetProperty("continue_final_message", out var cont) && JsonFields.Bool(cont, "continue_final_message"))
        {
            if (messages[^1].Role != "assistant")
                throw OpenAiException.Invalid("'continue_final_message' needs the last message to be the assistant's partial turn.", "messages");
            prefix = messages[^1].Content;
            messages = messages.Take(messages.Count - 1).ToList();
        }
        if (root.TryGetProperty("add_generation_prompt", out var add))
            JsonFields.Bool(add, "add_generation_prompt");
        return Common(root, messages, prefix, limits, defaults);
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
        var (messages, prefix) = PromptTemplate.Parse(JsonFields.String(promptJson, "prompt"));
        return Common(root, messages, prefix, limits, defaults);
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
        return document;
    }

    private static OpenAiRequest Common(JsonElement root, IReadOnlyList<ChatTurn> messages, string prefix, RequestLimits limits, DynasorSettings defaults)
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
        return new OpenAiRequest(model, messages, prefix, stream, includeUsage, n, maxTokens ?? limits.DefaultMaxTokens, sampling, dynasor);
    }

    private static T Optional<T>(JsonElement root, string name, Func<JsonElement, string, T> read, T fallback, string prefix = "") =>
        root.TryGetProperty(name, out var value) && !JsonFields.IsNull(value) ? read(value, prefix + name) : fallback;

    private static List<ChatTurn> Messages(JsonElement json)
    {
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
            turns.Add(new ChatTurn(role, item.TryGetProperty("content", out var content) ? Content(content, $"{at}.content") : ""));
        }
        return turns;
    }

    // Content is a string or an array of parts; only text parts carry meaning for a reasoning engine.
    private static string Content(JsonElement json, string at)
    {
        if (json.ValueKind == JsonValueKind.Null)
            return "";
        if (json.ValueKind != JsonValueKind.Array)
            return JsonFields.String(json, at);
        var text = new System.Text.StringBuilder();
        foreach (var part in json.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || type.GetString() != "text" || !part.TryGetProperty("text", out var partText))
                throw OpenAiException.Invalid($"'{at}' parts must be {{\"type\":\"text\",\"text\":\"...\"}}; other kinds are not supported.", at);
            text.Append(JsonFields.String(partText, at + ".text"));
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
