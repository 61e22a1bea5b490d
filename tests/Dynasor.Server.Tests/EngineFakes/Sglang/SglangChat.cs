using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Dynasor.Server.Tests.EngineFakes.Templates;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Sglang;

/// <summary>SGLang's chat route and <c>/tokenize</c> (see <see cref="FakeSglang"/> for sources).</summary>
internal static class SglangChat
{
    public static async Task HandleAsync(HttpContext context, FakeSglang engine)
    {
        if (await EngineReply.ReadAsync(context) is not { } request || request.Messages() is not { Count: > 0 } messages)
        {
            await SglangErrors.WriteAsync(context, 400, "messages is required");
            return;
        }
        if (request.Stream && request.Bool("return_token_ids"))
        {
            await SglangErrors.WriteAsync(context, 400, "return_token_ids is not supported for streaming chat completions");
            return;
        }
        var text = Render(engine.Template, messages, request);
        var prompt = FakeModel.Shared.Tokenize(text, addSpecial: false, parseSpecial: true);
        if (prompt.Length >= engine.Options.ContextSize)
        {
            await SglangErrors.TooLongAsync(context, prompt.Length, engine.Options.ContextSize);
            return;
        }
        var maxTokens = Math.Min(request.MaxTokens ?? int.MaxValue, engine.Options.ContextSize - prompt.Length);
        var plan = new GenerationPlan(prompt, request.Sampling(maxTokens, defaultTemperature: 1))
        {
            ResponseModel = request.Model ?? engine.Options.Model,
            N = request.Int("n") ?? 1,
            Stop = request.Stop,
            Stream = request.Stream,
            IncludeUsage = request.IncludeUsage,
            Logprobs = request.Logprobs,
            ReturnTokenIds = request.Bool("return_token_ids"),
            ThinkOpen = engine.Options.ReasoningParser && request.Bool("separate_reasoning", true) ? PromptText.OpensThink(text) : null,
            ForcedTool = request.ForcedTool,
        };
        await OpenAiChatWriter.WriteAsync(context, engine, plan, engine.Dialect);
    }

    public static async Task TokenizeAsync(HttpContext context, FakeSglang engine)
    {
        var request = await EngineReply.ReadAsync(context) ?? new OpenAiRequest([]);
        var tokens = request.Messages() is { Count: > 0 } messages
            ? FakeModel.Shared.Tokenize(Render(engine.Template, messages, request), addSpecial: false, parseSpecial: true)
            : FakeModel.Shared.Tokenize(request.String("prompt") ?? "", request.Bool("add_special_tokens", true), parseSpecial: true);
        await EngineReply.JsonAsync(context, new JsonObject
        {
            ["tokens"] = OpenAiJson.Ids(tokens), ["count"] = tokens.Length, ["max_model_len"] = engine.Options.ContextSize,
        });
    }

    // continue_final_message: the final assistant message is taken out, the rest rendered with a generation
    // prompt, and its text appended (serving_chat.py, [S-cfm-code]).
    private static string Render(ChatTemplate template, List<ChatMessage> messages, OpenAiRequest request)
    {
        if (request.Bool("continue_final_message") && messages[^1].Role == "assistant")
            return template.Render(messages[..^1], true, request.EnableThinking) + messages[^1].Content;
        return template.Render(messages, true, request.EnableThinking);
    }
}
