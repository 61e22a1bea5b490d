using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Vllm;

/// <summary>vLLM's <c>/v1/completions</c> (prompt as text, BOS added, or as token ids used as given) and a
/// stand-in <c>/v1/embeddings</c> (see <see cref="FakeVllm"/>).</summary>
internal static class VllmCompletions
{
    public static async Task HandleAsync(HttpContext context, FakeVllm engine)
    {
        if (await VllmErrors.ReadAsync(context, engine) is not { } request)
            return;
        if (request.Has("stream_options") && !request.Stream)
        {
            await VllmErrors.WriteAsync(context, 400, "Stream options can only be defined when `stream=True`.");
            return;
        }
        var prompt = request.PromptIds() ?? (request.String("prompt") is { } text
            ? FakeModel.Shared.Tokenize(text, addSpecial: request.Bool("add_special_tokens", true), parseSpecial: true)
            : null);
        if (prompt is null || prompt.Length == 0)
        {
            await VllmErrors.WriteAsync(context, 400, "prompt must be a string or a list of token ids (the fake serves one prompt per request)", "prompt");
            return;
        }
        if (prompt.Any(id => id < 0 || id >= FakeModel.Shared.VocabSize))
        {
            await VllmErrors.WriteAsync(context, 400, $"Token id out of vocabulary (size {FakeModel.Shared.VocabSize})", "prompt");
            return;
        }
        var maxTokens = request.MaxTokens ?? 16;
        if (prompt.Length + maxTokens > engine.Options.ContextSize)
        {
            await VllmErrors.TooLongAsync(context, prompt.Length, maxTokens, engine.Options.ContextSize);
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
        };
        await OpenAiCompletionWriter.WriteAsync(context, engine, plan, engine.Dialect);
    }

    /// <summary>Any deterministic vector will do: its use is to test that other routes are relayed.</summary>
    public static async Task EmbeddingsAsync(HttpContext context, FakeVllm engine)
    {
        var request = await EngineReply.ReadAsync(context);
        var ids = FakeModel.Shared.Tokenize(request?.String("input") ?? "", addSpecial: true, parseSpecial: false);
        var vector = Enumerable.Range(0, 8).Select(i => (JsonNode)(ids.Sum(id => (id * (i + 1)) % 17) / 100.0)).ToArray();
        await EngineReply.JsonAsync(context, new JsonObject
        {
            ["id"] = OpenAiJson.NewId("embd-"),
            ["object"] = "list",
            ["created"] = OpenAiJson.Now(),
            ["model"] = engine.Options.Model,
            ["data"] = new JsonArray(new JsonObject { ["index"] = 0, ["object"] = "embedding", ["embedding"] = new JsonArray(vector) }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = ids.Length, ["total_tokens"] = ids.Length, ["completion_tokens"] = 0, ["prompt_tokens_details"] = null },
        });
    }
}
