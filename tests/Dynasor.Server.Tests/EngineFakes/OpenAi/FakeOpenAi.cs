using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Dynasor.Server.Tests.EngineFakes.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.OpenAi;

/// <summary>
/// A plain OpenAI-compatible server for the fallback dialect: <c>/v1/models</c>, <c>/v1/chat/completions</c> and
/// <c>/v1/completions</c> (text prompts only), streamed or not, with <c>usage</c> (and the <c>choices: []</c> usage
/// chunk with <c>include_usage</c>), <c>n</c>, <c>stop</c>, <c>seed</c>, <c>temperature</c>, <c>top_p</c>,
/// <c>logprobs</c>, and OpenAI's error envelope. No engine extras: no reasoning field, no token ids, no tokenize
/// route, no prefill (a final assistant message is closed like any other); unknown fields are ignored. Chat and
/// text prompts are both tokenised with BOS, as a llama.cpp-based server does.
/// </summary>
public sealed class FakeOpenAi : FakeEngine
{
    private FakeOpenAi(FakeEngineOptions options) : base(options) => Template = ChatTemplates.Get(options.Template ?? "chatml");

    internal ChatTemplate Template { get; }

    private OpenAiDialect Dialect { get; } = new() { CompletionIdPrefix = "cmpl-" };

    public static async Task<FakeOpenAi> StartAsync(FakeEngineOptions? options = null)
    {
        var engine = new FakeOpenAi(options ?? new FakeEngineOptions());
        await engine.StartCoreAsync();
        return engine;
    }

    protected override void Map(WebApplication app)
    {
        app.MapGet("/v1/models", () => Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject { ["id"] = Options.Model, ["object"] = "model", ["created"] = 1767225600, ["owned_by"] = "system" }),
        }));
        app.MapPost("/v1/chat/completions", context => HandleAsync(context, chat: true));
        app.MapPost("/v1/completions", context => HandleAsync(context, chat: false));
    }

    private async Task HandleAsync(HttpContext context, bool chat)
    {
        var request = await EngineReply.ReadAsync(context);
        if (request is null)
        {
            await ErrorAsync(context, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null);
            return;
        }
        if (request.Model != Options.Model)
        {
            await ErrorAsync(context, 404, $"The model `{request.Model}` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found");
            return;
        }
        var text = chat ? Template.Render(request.Messages() ?? [], true, null) : request.String("prompt");
        var ids = text is null ? [] : FakeModel.Shared.Tokenize(text, addSpecial: true, parseSpecial: true);
        if (ids.Length == 0 || ids.Length >= Options.ContextSize)
        {
            await ErrorAsync(context, 400, ids.Length == 0 ? "The prompt is empty or not a string." : "This model's maximum context length is "
                + $"{Options.ContextSize} tokens. However, your messages resulted in {ids.Length} tokens.", "invalid_request_error", "context_length_exceeded");
            return;
        }
        var plan = new GenerationPlan(ids, request.Sampling(Math.Min(request.MaxTokens ?? int.MaxValue, Options.ContextSize - ids.Length), 1, topKAndMinP: false))
        {
            ResponseModel = Options.Model,
            N = request.Int("n") ?? 1,
            Stop = request.Stop,
            Stream = request.Stream,
            IncludeUsage = request.IncludeUsage,
            Logprobs = request.Logprobs,
        };
        if (chat)
            await OpenAiChatWriter.WriteAsync(context, this, plan, Dialect);
        else
            await OpenAiCompletionWriter.WriteAsync(context, this, plan, Dialect);
    }

    private static Task ErrorAsync(HttpContext context, int status, string message, string type, string? code) => EngineReply.JsonAsync(context, new JsonObject
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code },
    }, status);
}
