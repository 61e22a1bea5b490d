using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.LlamaCpp;

/// <summary>
/// llama-server's native <c>/completion</c> (§6, §7 of llamacpp-observed.md) and its OpenAI <c>/v1/completions</c>.
/// A text prompt is tokenised with BOS; a list of ids is used as given.
/// </summary>
internal static class LlamaCppCompletion
{
    public static async Task HandleAsync(HttpContext context, FakeLlamaCpp engine)
    {
        var (request, plan) = await PlanAsync(context, engine);
        if (request is null)
            return;
        using var generation = engine.BeginGeneration();
        var run = new ChoiceRun(0, plan);
        var withProbs = plan.Sampling.TopLogprobs > 0;
        try
        {
            if (plan.Stream)
            {
                Sse.Start(context);
                var predicted = 0;
                await foreach (var (token, text) in run.RunAsync(engine.Options, context.RequestAborted))
                {
                    if (token is null)
                        continue;
                    var chunk = new JsonObject
                    {
                        ["index"] = 0, ["content"] = text, ["tokens"] = new JsonArray(token.Id), ["stop"] = false, ["id_slot"] = -1,
                        ["tokens_predicted"] = ++predicted, ["tokens_evaluated"] = plan.PromptIds.Length,
                    };
                    if (withProbs)
                        chunk["completion_probabilities"] = OpenAiJson.ChatLogprobs([token])["content"]!.DeepClone();
                    await Sse.WriteAsync(context, OpenAiJson.Text(chunk));
                }
                // The native stream ends with the final object, no [DONE] (§6b).
                await Sse.WriteAsync(context, OpenAiJson.Text(Final(engine, plan, run, "", [])));
                return;
            }
            await foreach (var _ in run.RunAsync(engine.Options, context.RequestAborted)) { }
            var body = Final(engine, plan, run, run.Text, request.Bool("return_tokens") ? run.Tokens.Select(t => t.Id) : []);
            if (withProbs)
                body["completion_probabilities"] = OpenAiJson.ChatLogprobs(run.Tokens)["content"]!.DeepClone();
            await EngineReply.JsonAsync(context, body);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: generation stopped with it.
        }
    }

    public static async Task OpenAiAsync(HttpContext context, FakeLlamaCpp engine)
    {
        var (request, plan) = await PlanAsync(context, engine);
        if (request is not null)
            await OpenAiCompletionWriter.WriteAsync(context, engine, plan, engine.Dialect);
    }

    private static async Task<(OpenAiRequest? Request, GenerationPlan Plan)> PlanAsync(HttpContext context, FakeLlamaCpp engine)
    {
        var none = (default(OpenAiRequest), new GenerationPlan([], new SamplingSettings(0)));
        if (await EngineReply.ReadAsync(context) is not { } request)
        {
            await LlamaCppErrors.BadJsonAsync(context);
            return none;
        }
        var ids = request.PromptIds() ?? FakeModel.Shared.Tokenize(request.String("prompt") ?? "", addSpecial: true, parseSpecial: true);
        if (ids.Length >= engine.Options.ContextSize)
        {
            await LlamaCppErrors.ContextExceededAsync(context, ids.Length, engine.Options.ContextSize);
            return none;
        }
        var plan = new GenerationPlan(ids, LlamaCppSampling.From(request, ids.Length, engine.Options.ContextSize))
        {
            ResponseModel = engine.Options.Model,
            N = request.Int("n") ?? 1,
            Stop = request.Stop,
            Stream = request.Stream,
            IncludeUsage = request.IncludeUsage,
            Logprobs = request.Logprobs,
        };
        return (request, plan);
    }

    private static JsonObject Final(FakeLlamaCpp engine, GenerationPlan plan, ChoiceRun run, string content, IEnumerable<int> tokens) => new()
    {
        ["index"] = 0,
        ["content"] = content,
        ["tokens"] = OpenAiJson.Ids(tokens),
        ["id_slot"] = 0,
        ["stop"] = true,
        ["model"] = engine.Options.Model,
        ["tokens_predicted"] = run.Tokens.Count,
        ["tokens_evaluated"] = plan.PromptIds.Length,
        ["generation_settings"] = new JsonObject
        {
            ["seed"] = plan.Sampling.Seed ?? 4294967295, ["temperature"] = plan.Sampling.Temperature, ["top_k"] = plan.Sampling.TopK,
            ["top_p"] = plan.Sampling.TopP, ["min_p"] = plan.Sampling.MinP, ["n_predict"] = plan.Sampling.MaxTokens, ["stream"] = plan.Stream,
            ["n_probs"] = plan.Sampling.TopLogprobs, ["reasoning_format"] = engine.Options.ReasoningParser ? "deepseek" : "none",
        },
        ["prompt"] = FakeModel.Shared.Detokenize(plan.PromptIds),
        ["has_new_line"] = run.Text.Contains('\n'),
        ["truncated"] = false,
        ["stop_type"] = run.StopString is not null ? "word" : run.FinishReason == "stop" ? "eos" : "limit",
        ["stopping_word"] = run.StopString ?? "",
        ["tokens_cached"] = plan.PromptIds.Length + run.Tokens.Count,
        ["timings"] = LlamaCppTimings.Of(plan.PromptIds.Length, run.Tokens.Count),
    };
}
