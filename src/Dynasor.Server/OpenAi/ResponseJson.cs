using System.Text.Json;
using Dynasor.Server.Modes;

namespace Dynasor.Server.OpenAi;

/// <summary>The JSON of OpenAI chat and text completion objects: whole responses and stream chunks.</summary>
public static class ResponseJson
{
    /// <summary>One stream chunk for choice <paramref name="index"/>; <paramref name="first"/> puts the role in a chat delta.</summary>
    public static void Chunk(Utf8JsonWriter json, ResponseContext context, int index, ModeEvent e, bool first, IReadOnlyList<ModeSummary>? dynasor)
    {
        Header(json, context, context.Chat ? "chat.completion.chunk" : "text_completion");
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", index);
        if (context.Chat)
        {
            json.WriteStartObject("delta");
            if (first)
                json.WriteString("role", "assistant");
            if (e.Text.Length > 0 || e.Summary is null)
                json.WriteString("content", e.Text);
            if (e.Reasoning is not null)
                json.WriteString(context.ReasoningField, e.Reasoning);
            json.WriteEndObject();
        }
        else
        {
            json.WriteString("text", e.Text);
        }
        json.WriteNull("logprobs");
        Nullable(json, "finish_reason", e.Summary is null ? null : e.FinishReason ?? "stop");
        json.WriteEndObject();
        json.WriteEndArray();
        if (dynasor is not null)
            DynasorJson.Write(json, dynasor);
        json.WriteEndObject();
    }

    /// <summary>The usage chunk at the end of a stream: no choices, the usage, and the <c>dynasor</c> object if given.</summary>
    public static void UsageChunk(Utf8JsonWriter json, ResponseContext context, int promptTokens, long completionTokens, IReadOnlyList<ModeSummary>? dynasor)
    {
        Header(json, context, context.Chat ? "chat.completion.chunk" : "text_completion");
        json.WriteStartArray("choices");
        json.WriteEndArray();
        Usage(json, promptTokens, completionTokens);
        if (dynasor is not null)
            DynasorJson.Write(json, dynasor);
        json.WriteEndObject();
    }

    /// <summary>A whole (non-streaming) response.</summary>
    public static void Completion(Utf8JsonWriter json, ResponseContext context, IReadOnlyList<ChoiceOutcome> choices, int promptTokens)
    {
        Header(json, context, context.Chat ? "chat.completion" : "text_completion");
        json.WriteStartArray("choices");
        for (var i = 0; i < choices.Count; i++)
        {
            json.WriteStartObject();
            json.WriteNumber("index", i);
            if (context.Chat)
            {
                json.WriteStartObject("message");
                json.WriteString("role", "assistant");
                json.WriteString("content", choices[i].Text);
                if (choices[i].Reasoning is { } reasoning)
                    json.WriteString(context.ReasoningField, reasoning);
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("text", choices[i].Text);
            }
            json.WriteNull("logprobs");
            json.WriteString("finish_reason", choices[i].FinishReason ?? "stop");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        Usage(json, promptTokens, choices.Sum(c => c.ClientTokens));
        if (context.IncludeDynasor)
            DynasorJson.Write(json, choices.Select(c => c.Summary!).ToList());
        json.WriteEndObject();
    }

    internal static void Header(Utf8JsonWriter json, ResponseContext context, string type)
    {
        json.WriteStartObject();
        json.WriteString("id", context.Id);
        json.WriteString("object", type);
        json.WriteNumber("created", context.Created);
        json.WriteString("model", context.Model);
    }

    private static void Usage(Utf8JsonWriter json, int promptTokens, long completionTokens)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", promptTokens);
        json.WriteNumber("completion_tokens", completionTokens);
        json.WriteNumber("total_tokens", promptTokens + completionTokens);
        json.WriteEndObject();
    }

    private static void Nullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
            json.WriteNull(name);
        else
            json.WriteString(name, value);
    }
}
