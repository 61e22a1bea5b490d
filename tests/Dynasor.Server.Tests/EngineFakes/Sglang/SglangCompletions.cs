using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Sglang;

/// <summary>SGLang's <c>/v1/completions</c>: text (BOS added) or token ids; <c>return_token_ids</c> per choice,
/// streamed too [S-proto, S-pr30917].</summary>
internal static class SglangCompletions
{
    public static async Task HandleAsync(HttpContext context, FakeSglang engine)
    {
        var request = await EngineReply.ReadAsync(context);
        var prompt = request?.PromptIds() ?? (request?.String("prompt") is { } text ? FakeModel.Shared.Tokenize(text, true, true) : null);
        if (request is null || prompt is not { Length: > 0 })
        {
            await SglangErrors.WriteAsync(context, 400, "prompt must be a string or a list of token ids (the fake serves one prompt per request)");
            return;
        }
        if (prompt.Length >= engine.Options.ContextSize)
        {
            await SglangErrors.TooLongAsync(context, prompt.Length, engine.Options.ContextSize);
            return;
        }
        var plan = new GenerationPlan(prompt, request.Sampling(Math.Min(request.MaxTokens ?? 16, engine.Options.ContextSize - prompt.Length), defaultTemperature: 1))
        {
            ResponseModel = request.Model ?? engine.Options.Model,
            N = request.Int("n") ?? 1,
            Stop = request.Stop,
            Stream = request.Stream,
            IncludeUsage = request.IncludeUsage,
            Logprobs = request.Logprobs,
            ReturnTokenIds = request.Bool("return_token_ids"),
        };
        await OpenAiCompletionWriter.WriteAsync(context, engine, plan, engine.Dialect);
    }
}
