using System.Text;
using System.Text.Json;
using Dynasor.Engines;
using Dynasor.Server.Dialects;

namespace Dynasor.Server.Upstream;

/// <summary>
/// The engine's own tokenisation, through its own routes, so Dynasor never guesses a template or a vocabulary:
/// a conversation rendered to prompt ids as the engine's chat route would run it (SGLang <c>POST /tokenize</c> with
/// the messages; llama.cpp <c>POST /apply-template</c> then <c>POST /tokenize</c> with <c>add_special</c>, which gives
/// the prompt count its chat route reports), and short texts (a probe's question, a closing tag) to ids, kept per text.
/// </summary>
internal sealed class EngineTokenizer(Func<Uri, byte[], CancellationToken, Task<JsonDocument>> post, UpstreamOptions options)
{
    private readonly Dictionary<string, Task<int[]>> _texts = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    /// <summary>The ids of <paramref name="text"/> with no special tokens added; the same text is asked for once.</summary>
    public Task<int[]> TextAsync(EngineDialect dialect, string model, string text, CancellationToken cancellationToken)
    {
        Task<int[]> ids;
        lock (_lock)
        {
            if (!_texts.TryGetValue(text, out ids!) || ids.IsFaulted || ids.IsCanceled)
                _texts[text] = ids = TokenizeAsync(dialect, model, text, addSpecial: false, CancellationToken.None);
        }
        return ids.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The prompt of <paramref name="request"/> (its conversation, or its text prompt, with the client's partial turn)
    /// as the engine's ids, whether it ends inside an open reasoning block, and the text after that block's opening tag
    /// where the engine's parser counts it as reasoning (llama.cpp; <see cref="ThinkSplitter"/>).
    /// </summary>
    public async Task<(int[] Ids, bool OpensThink, string Lead)> RenderAsync(EngineDialect dialect, string model, ContinuationRequest request, CancellationToken cancellationToken)
    {
        if (request.Prompt is { } prompt)
        {
            var text = prompt + request.ReasoningPrefix + request.AssistantPrefix;
            return (await TokenizeAsync(dialect, model, text, addSpecial: true, cancellationToken), ThinkSplitter.OpensReasoning(text), "");
        }
        if (dialect.Tokens?.Render == PromptRender.ApplyTemplate)
        {
            using var rendered = await post(options.RootRoute("apply-template"), Json(json => Messages(json, dialect, request)), cancellationToken);
            var text = rendered.RootElement.GetProperty("prompt").GetString()!;
            var opens = ThinkSplitter.OpensReasoning(text);
            var lead = opens ? text[(text.LastIndexOf("<think>", StringComparison.Ordinal) + "<think>".Length)..] : "";
            return (await TokenizeAsync(dialect, model, text, addSpecial: true, cancellationToken), opens, lead);
        }
        using var tokens = await post(options.RootRoute("tokenize"), Json(json =>
        {
            json.WriteString("model", model);
            Messages(json, dialect, request);
        }), cancellationToken);
        var ids = Ids(tokens.RootElement);
        // Only the tail can open a block that is still open at the end.
        using var tail = await post(options.RootRoute("detokenize"), Json(json =>
        {
            json.WriteString("model", model);
            json.WriteStartArray("tokens");
            foreach (var id in ids.AsSpan(Math.Max(0, ids.Length - 16)))
                json.WriteNumberValue(id);
            json.WriteEndArray();
        }), cancellationToken);
        var end = tail.RootElement.TryGetProperty("text", out var t) || tail.RootElement.TryGetProperty("prompt", out t) ? t.GetString() ?? "" : "";
        return (ids, ThinkSplitter.OpensReasoning(end), "");
    }

    private async Task<int[]> TokenizeAsync(EngineDialect dialect, string model, string text, bool addSpecial, CancellationToken cancellationToken)
    {
        var llamaCpp = dialect.Tokens?.Render == PromptRender.ApplyTemplate;
        using var response = await post(options.RootRoute("tokenize"), Json(json =>
        {
            if (llamaCpp)
            {
                // llama.cpp: add_special prepends BOS as its chat route does; parse_special reads "<s>"-style text as the token.
                json.WriteString("content", text);
                json.WriteBoolean("add_special", addSpecial);
                json.WriteBoolean("parse_special", true);
            }
            else
            {
                json.WriteString("model", model);
                json.WriteString("prompt", text);
                json.WriteBoolean("add_special_tokens", addSpecial);
            }
        }), cancellationToken);
        return Ids(response.RootElement);
    }

    private static void Messages(Utf8JsonWriter json, EngineDialect dialect, ContinuationRequest request)
    {
        ChatBody.WriteMessages(json, dialect, request);
        ClientFieldsWriter.WriteRendering(json, request.ClientFields);
    }

    private static int[] Ids(JsonElement root) =>
        root.GetProperty("tokens").EnumerateArray().Select(t => t.ValueKind == JsonValueKind.Object ? t.GetProperty("id").GetInt32() : t.GetInt32()).ToArray();

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
