using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Vllm;

/// <summary>vLLM's <c>/v1/chat/completions</c> checks and prompt (see <see cref="FakeVllm"/> for sources).</summary>
internal static class VllmChat
{
    public static async Task HandleAsync(HttpContext context, FakeVllm engine)
    {
        if (await VllmErrors.ReadAsync(context, engine) is not { } request)
            return;
        if (request.Messages() is not { Count: > 0 } messages)
        {
            await VllmErrors.WriteAsync(context, 400, "Field required: messages", "messages");
            return;
        }
        if (request.Has("stream_options") && !request.Stream)
        {
            await VllmErrors.WriteAsync(context, 400, "Stream options can only be defined when `stream=True`.");
            return;
        }
        var continueFinal = request.Bool("continue_final_message");
        if (continueFinal && request.Bool("add_generation_prompt", true))
        {
            await VllmErrors.WriteAsync(context, 400, "Cannot set both `continue_final_message` and `add_generation_prompt` to True.");
            return;
        }
        var text = continueFinal
            ? engine.Template.RenderContinuing(messages, request.EnableThinking)
            : engine.Template.Render(messages, request.Bool("add_generation_prompt", true), request.EnableThinking);
        var prompt = FakeModel.Shared.Tokenize(text, addSpecial: request.Bool("add_special_tokens"), parseSpecial: true);
        var context_ = engine.Options.ContextSize;
        var maxTokens = request.MaxTokens ?? context_ - prompt.Length;
        if (prompt.Length + Math.Max(maxTokens, 1) > context_)
        {
            await VllmErrors.TooLongAsync(context, prompt.Length, Math.Max(maxTokens, 1), context_);
            return;
        }
        var plan = new GenerationPlan(prompt, request.Sampling(maxTokens, defaultTemperature: 1))
        {
            ResponseModel = engine.Options.Model,
            N = request.Int("n") ?? 1,
            Stop = request.Stop,
            Stream = request.Stream,
            IncludeUsage = request.IncludeUsage,
            Logprobs = request.Logprobs,
            ReturnTokenIds = request.Bool("return_token_ids"),
            ThinkOpen = engine.Options.ReasoningParser && request.Bool("include_reasoning", true) ? PromptText.OpensThink(text) : null,
            ForcedTool = request.ForcedTool,
        };
        await OpenAiChatWriter.WriteAsync(context, engine, plan, engine.Dialect);
    }
}
