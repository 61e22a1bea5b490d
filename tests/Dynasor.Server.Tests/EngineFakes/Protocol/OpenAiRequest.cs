using System.Text.Json;
using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Templates;

namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>Read-only access to the OpenAI request fields the fakes act on; everything else is left alone.</summary>
internal sealed class OpenAiRequest(JsonObject body)
{
    public JsonObject Body => body;

    /// <summary>The body as a JSON object, or null when it is not one.</summary>
    public static OpenAiRequest? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject o ? new OpenAiRequest(o) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public bool Has(string name) => body.ContainsKey(name);

    public string? String(string name) => body[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    public bool Bool(string name, bool fallback = false) => body[name] is JsonValue v && v.TryGetValue(out bool b) ? b : fallback;

    public double? Number(string name) => body[name] is JsonValue v && v.TryGetValue(out double d) ? d : null;

    public int? Int(string name) => Number(name) is { } d ? (int)d : null;

    public string? Model => String("model");

    public bool Stream => Bool("stream");

    /// <summary><c>max_completion_tokens</c>, else <c>max_tokens</c>.</summary>
    public int? MaxTokens => Int("max_completion_tokens") ?? Int("max_tokens");

    public bool IncludeUsage => body["stream_options"] is JsonObject o && o["include_usage"] is JsonValue v && v.TryGetValue(out bool b) && b;

    public bool? EnableThinking => body["chat_template_kwargs"] is JsonObject o && o["enable_thinking"] is JsonValue v && v.TryGetValue(out bool b) ? b : null;

    public IReadOnlyList<string> Stop => body["stop"] switch
    {
        JsonValue v when v.TryGetValue(out string? s) => [s],
        JsonArray a => a.Select(n => n?.GetValue<string>() ?? "").ToArray(),
        _ => [],
    };

    /// <summary>The function named by <c>tool_choice: {"type":"function","function":{"name":…}}</c>.</summary>
    public string? ForcedTool => body["tool_choice"] is JsonObject o && o["function"] is JsonObject f ? f["name"]?.GetValue<string>() : null;

    /// <summary>The messages; content given as a list of parts is joined from its text parts.</summary>
    public List<ChatMessage>? Messages() => body["messages"] is JsonArray a
        ? a.OfType<JsonObject>().Select(m => new ChatMessage(
            m["role"]?.GetValue<string>() ?? "user",
            m["content"] switch
            {
                JsonValue v when v.TryGetValue(out string? s) => s,
                JsonArray parts => string.Concat(parts.OfType<JsonObject>().Select(p => p["text"]?.GetValue<string>())),
                _ => null,
            },
            (m["reasoning_content"] ?? m["reasoning"]) is JsonValue r && r.TryGetValue(out string? reasoning) ? reasoning : null)).ToList()
        : null;

    /// <summary>A prompt given as token ids (a flat list), or null.</summary>
    public int[]? PromptIds(string name = "prompt") =>
        body[name] is JsonArray a && a.Count > 0 && a.All(n => n is JsonValue v && v.TryGetValue(out int _)) ? a.Select(n => n!.GetValue<int>()).ToArray() : null;

    public SamplingSettings Sampling(int maxTokens, double defaultTemperature, bool topKAndMinP = true) => new(maxTokens)
    {
        Temperature = Number("temperature") ?? defaultTemperature,
        Seed = Number("seed") is { } seed ? (long)seed : null,
        TopP = Number("top_p") ?? 1,
        TopK = topKAndMinP && Int("top_k") is > 0 and var k ? k : 0,
        MinP = topKAndMinP ? Number("min_p") ?? 0 : 0,
        TopLogprobs = body["logprobs"] is JsonValue lp && lp.TryGetValue(out int count) ? count : Int("top_logprobs") ?? 0,
        IgnoreEos = Bool("ignore_eos"),
    };

    /// <summary><c>logprobs: true</c> (chat) or a positive count (completions).</summary>
    public bool Logprobs => body["logprobs"] is JsonValue v && ((v.TryGetValue(out bool b) && b) || (v.TryGetValue(out int n) && n > 0));
}
