using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Vllm;

/// <summary>vLLM's <c>/tokenize</c> and <c>/detokenize</c> [V-tok]: the prompt form adds special tokens by
/// default, the messages form renders the chat (same flags as chat) without them.</summary>
internal static class VllmTokenize
{
    public static async Task TokenizeAsync(HttpContext context, FakeVllm engine)
    {
        if (await VllmErrors.ReadAsync(context, servedBy: null) is not { } request)
            return;
        int[] tokens;
        if (request.Messages() is { Count: > 0 } messages)
        {
            var continueFinal = request.Bool("continue_final_message");
            if (continueFinal && request.Bool("add_generation_prompt", true))
            {
                await VllmErrors.WriteAsync(context, 400, "Cannot set both `continue_final_message` and `add_generation_prompt` to True.");
                return;
            }
            var text = continueFinal
                ? engine.Template.RenderContinuing(messages, request.EnableThinking)
                : engine.Template.Render(messages, request.Bool("add_generation_prompt", true), request.EnableThinking);
            tokens = FakeModel.Shared.Tokenize(text, request.Bool("add_special_tokens"), parseSpecial: true);
        }
        else
            tokens = FakeModel.Shared.Tokenize(request.String("prompt") ?? "", request.Bool("add_special_tokens", true), parseSpecial: true);
        await EngineReply.JsonAsync(context, new JsonObject
        {
            ["count"] = tokens.Length,
            ["max_model_len"] = engine.Options.ContextSize,
            ["tokens"] = OpenAiJson.Ids(tokens),
            ["token_strs"] = request.Bool("return_token_strs")
                ? new JsonArray(tokens.Select(t => (JsonNode)FakeModel.Shared.Detokenize([t])).ToArray())
                : null,
        });
    }

    public static async Task DetokenizeAsync(HttpContext context)
    {
        var ids = (await EngineReply.ReadAsync(context))?.PromptIds("tokens") ?? [];
        await EngineReply.JsonAsync(context, new JsonObject { ["prompt"] = FakeModel.Shared.Detokenize(ids) });
    }
}
