using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Dynasor.Server.Tests.EngineFakes.Templates;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.LlamaCpp;

/// <summary>
/// llama-server's chat route and <c>/apply-template</c>: the prefill rules of <c>server-common.cpp</c> (quoted in
/// llamacpp-observed.md §3) and the prompt of <see cref="LlamaCppPrompt"/>.
/// </summary>
internal static class LlamaCppChat
{
    private sealed record ChatPrompt(string Text, string Tail, ContinuationMode Mode, bool Explicit);

    public static async Task HandleAsync(HttpContext context, FakeLlamaCpp engine)
    {
        if (await EngineReply.ReadAsync(context) is not { } request)
        {
            await LlamaCppErrors.BadJsonAsync(context);
            return;
        }
        if (await PromptAsync(context, engine, request) is not { } prompt)
            return;
        var ids = FakeModel.Shared.Tokenize(prompt.Text, addSpecial: true, parseSpecial: true);
        if (ids.Length >= engine.Options.ContextSize)
        {
            await LlamaCppErrors.ContextExceededAsync(context, ids.Length, engine.Options.ContextSize);
            return;
        }
        var parse = engine.Options.ReasoningParser && request.String("reasoning_format") != "none";
        var plan = new GenerationPlan(ids, LlamaCppSampling.From(request, ids.Length, engine.Options.ContextSize))
        {
            ResponseModel = engine.Options.Model,
            N = request.Int("n") ?? 1,
            Stop = request.Stop,
            Stream = request.Stream,
            IncludeUsage = request.IncludeUsage,
            Logprobs = request.Logprobs,
            ThinkOpen = parse ? false : null,
            Prefill = parse || prompt.Mode != ContinuationMode.None ? prompt.Tail : "",
            // Only an explicit, recognised continue_final_message marks the parser as continuing (§3).
            StreamRepeatsPrefill = !prompt.Explicit,
            ForcedTool = request.ForcedTool,
        };
        await OpenAiChatWriter.WriteAsync(context, engine, plan, engine.Dialect);
    }

    public static async Task ApplyTemplateAsync(HttpContext context, FakeLlamaCpp engine)
    {
        if (await EngineReply.ReadAsync(context) is not { } request)
            await LlamaCppErrors.BadJsonAsync(context);
        else if (await PromptAsync(context, engine, request) is { } prompt)
            await EngineReply.JsonAsync(context, new JsonObject { ["prompt"] = prompt.Text });
    }

    private static async Task<ChatPrompt?> PromptAsync(HttpContext context, FakeLlamaCpp engine, OpenAiRequest request)
    {
        if (request.Messages() is not { Count: > 0 } messages)
        {
            await LlamaCppErrors.WriteAsync(context, 400, "'messages' is required");
            return null;
        }
        if (messages.Any(m => m.Role == "assistant" && m.Content is null))
        {
            await LlamaCppErrors.WriteAsync(context, 400, "Assistant message must contain either 'content' or 'tool_calls'!");
            return null;
        }
        var addGenerationPrompt = request.Bool("add_generation_prompt", true);
        var mode = request.Body["continue_final_message"] switch
        {
            JsonValue v when v.TryGetValue(out bool b) && b => ContinuationMode.Auto,
            JsonValue v when v.TryGetValue(out string? s) && s == "reasoning_content" => ContinuationMode.Reasoning,
            JsonValue v when v.TryGetValue(out string? s) && s == "content" => ContinuationMode.Content,
            _ => ContinuationMode.None,
        };
        var explicitMode = mode != ContinuationMode.None;
        if (mode == ContinuationMode.None && messages[^1].Role == "assistant")
        {
            if (messages.Count >= 2 && messages[^2].Role == "assistant")
            {
                await LlamaCppErrors.WriteAsync(context, 400, "Cannot have 2 or more assistant messages at the end of the list.");
                return null;
            }
            (mode, addGenerationPrompt) = (ContinuationMode.Auto, false);
        }
        if (mode != ContinuationMode.None && addGenerationPrompt)
        {
            await LlamaCppErrors.WriteAsync(context, 400, "Cannot set both add_generation_prompt and continue_final_message to true.");
            return null;
        }
        var (text, tail) = LlamaCppPrompt.Build(engine.Template, messages, addGenerationPrompt, mode, request.EnableThinking);
        return new ChatPrompt(text, tail, mode, explicitMode);
    }
}
