using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Ollama;

/// <summary>Ollama's <c>/v1</c> chat and completions (see <see cref="FakeOllama"/> for sources).</summary>
internal static class OllamaOpenAi
{
    public static async Task ChatAsync(HttpContext context, FakeOllama engine)
    {
        if (await CheckAsync(context, engine) is not { } request)
            return;
        if (request.Messages() is not { Count: > 0 } messages)
        {
            await ErrorAsync(context, 400, "[] is too short - 'messages'");
            return;
        }
        var thinking = request.String("reasoning_effort") == "none" ? false : (bool?)null;
        var text = engine.Template.Render(messages, true, thinking);
        await PlanAndWriteAsync(context, engine, request, text, chat: true);
    }

    public static async Task CompletionsAsync(HttpContext context, FakeOllama engine)
    {
        if (await CheckAsync(context, engine) is not { } request)
            return;
        if (request.String("prompt") is not { } prompt)
        {
            await ErrorAsync(context, 400, "prompt currently only accepts a string");
            return;
        }
        await PlanAndWriteAsync(context, engine, request, prompt, chat: false);
    }

    private static async Task PlanAndWriteAsync(HttpContext context, FakeOllama engine, OpenAiRequest request, string text, bool chat)
    {
        var ids = FakeModel.Shared.Tokenize(text, addSpecial: true, parseSpecial: true);
        if (ids.Length >= engine.Options.ContextSize)
        {
            await ErrorAsync(context, 400, "the input length exceeds the context length");
            return;
        }
        var sampling = request.Sampling(Math.Min(request.MaxTokens ?? int.MaxValue, engine.Options.ContextSize - ids.Length), defaultTemperature: 1, topKAndMinP: false);
        var plan = new GenerationPlan(ids, sampling)
        {
            ResponseModel = request.Model!,
            Stop = request.Stop,
            Stream = request.Stream,
            IncludeUsage = request.IncludeUsage,
            Logprobs = request.Logprobs,
            ThinkOpen = chat && engine.Options.ReasoningParser ? PromptText.OpensThink(text) : null,
            ForcedTool = chat ? request.ForcedTool : null,
        };
        if (chat)
            await OpenAiChatWriter.WriteAsync(context, engine, plan, engine.Dialect);
        else
            await OpenAiCompletionWriter.WriteAsync(context, engine, plan, engine.Dialect);
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

    // O-mw: the type follows the status; code is always null.
    private static Task ErrorAsync(HttpContext context, int status, string message) => EngineReply.JsonAsync(context, new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["message"] = message,
            ["type"] = status switch { 400 => "invalid_request_error", 404 => "not_found_error", _ => "api_error" },
            ["param"] = null,
            ["code"] = null,
        },
    }, status);
}
