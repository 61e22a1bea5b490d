using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Dynasor.Server.Tests.EngineFakes.Templates;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Ollama;

/// <summary>Ollama's native <c>/api/generate</c> and <c>/api/chat</c>: NDJSON lines, then a final line with the
/// counts (see <see cref="FakeOllama"/> for sources). Modelfile defaults: temperature 0.8, top_k 40, top_p 0.9.</summary>
internal static class OllamaNative
{
    public static async Task GenerateAsync(HttpContext context, FakeOllama engine)
    {
        if (await CheckAsync(context, engine) is not { } request)
            return;
        var raw = request.Bool("raw");
        if (raw && (request.Has("template") || request.Has("system") || request.Has("context")))
        {
            await ErrorAsync(context, 400, "raw mode does not support template, system, or context");
            return;
        }
        List<ChatMessage> messages = request.String("system") is { } system ? [new("system", system)] : [];
        messages.Add(new ChatMessage("user", request.String("prompt") ?? ""));
        var text = raw ? request.String("prompt") ?? "" : engine.Template.Render(messages, true, null);
        await RunAsync(context, engine, request, text, chat: false, withContext: !raw);
    }

    public static async Task ChatAsync(HttpContext context, FakeOllama engine)
    {
        if (await CheckAsync(context, engine) is not { } request)
            return;
        var thinking = request.Body["think"] is JsonValue v && v.TryGetValue(out bool think) && !think ? false : (bool?)null;
        await RunAsync(context, engine, request, engine.Template.Render(request.Messages() ?? [], true, thinking), chat: true, withContext: false);
    }

    private static async Task RunAsync(HttpContext context, FakeOllama engine, OpenAiRequest request, string text, bool chat, bool withContext)
    {
        var ids = FakeModel.Shared.Tokenize(text, addSpecial: true, parseSpecial: true);
        if (ids.Length >= engine.Options.ContextSize)
        {
            await ErrorAsync(context, 400, "the input length exceeds the context length");
            return;
        }
        var options = request.Body["options"] as JsonObject ?? [];
        var settings = new OpenAiRequest(options);
        var limit = settings.Int("num_predict") ?? -1;
        var room = engine.Options.ContextSize - ids.Length;
        var sampling = settings.Sampling(limit < 0 ? room : Math.Min(limit, room), defaultTemperature: 0.8) with
        {
            TopK = settings.Int("top_k") ?? 40,
            TopP = settings.Number("top_p") ?? 0.9,
        };
        var plan = new GenerationPlan(ids, sampling) { Stop = settings.Stop };
        var stream = request.Bool("stream", true);
        var parser = chat && engine.Options.ReasoningParser ? new ThinkParser(PromptText.OpensThink(text)) : null;
        using var generation = engine.BeginGeneration();
        var run = new ChoiceRun(0, plan);
        var (thinking, content) = ("", "");
        try
        {
            context.Response.ContentType = stream ? "application/x-ndjson" : "application/json";
            await foreach (var (_, piece) in run.RunAsync(engine.Options, context.RequestAborted))
            {
                var (r, c) = parser?.Feed(piece) ?? ("", piece);
                (thinking, content) = (thinking + r, content + c);
                if (stream && (r.Length > 0 || c.Length > 0))
                    await Sse.WriteLineAsync(context, OpenAiJson.Text(Line(engine, chat, r, c, done: false)));
            }
            var rest = parser?.Finish() ?? ("", "");
            (thinking, content) = (thinking + rest.Reasoning, content + rest.Content);
            var final = Line(engine, chat, stream ? rest.Reasoning : thinking, stream ? rest.Content : content, done: true);
            final["done_reason"] = run.FinishReason;
            if (withContext)
                final["context"] = OpenAiJson.Ids(ids.Concat(run.Tokens.Select(t => t.Id)));
            final["total_duration"] = 2_000_000;
            final["load_duration"] = 0;
            final["prompt_eval_count"] = ids.Length;
            final["prompt_eval_duration"] = 1_000_000;
            final["eval_count"] = run.Tokens.Count;
            final["eval_duration"] = 1_000_000;
            await Sse.WriteLineAsync(context, OpenAiJson.Text(final));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: generation stopped with it.
        }
    }

    private static JsonObject Line(FakeOllama engine, bool chat, string thinking, string content, bool done)
    {
        var line = new JsonObject { ["model"] = engine.Name, ["created_at"] = DateTimeOffset.UtcNow.ToString("O") };
        if (chat)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = content };
            if (thinking.Length > 0)
                message["thinking"] = thinking;
            line["message"] = message;
        }
        else
            line["response"] = content;
        line["done"] = done;
        return line;
    }

    private static async Task<OpenAiRequest?> CheckAsync(HttpContext context, FakeOllama engine)
    {
        var request = await EngineReply.ReadAsync(context);
        if (request is null)
            await ErrorAsync(context, 400, "invalid character in request body");
        else if (!engine.Serves(request.Model))
            await ErrorAsync(context, 404, $"model '{request.Model}' not found");
        else
            return request;
        return null;
    }

    private static Task ErrorAsync(HttpContext context, int status, string message) =>
        EngineReply.JsonAsync(context, new JsonObject { ["error"] = message }, status);
}
