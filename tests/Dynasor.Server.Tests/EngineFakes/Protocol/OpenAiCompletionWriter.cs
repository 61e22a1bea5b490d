using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>
/// Answers a planned <c>/v1/completions</c> request in an engine's dialect: whole, or streamed as
/// <c>text_completion</c> events (one per token that releases text, a finish event per choice, a usage event with
/// <c>choices: []</c> when asked for, then <c>[DONE]</c>). No reasoning split: the completion schemas have no
/// reasoning field (vLLM <c>completion/protocol.py</c>, Ollama <c>openai/openai.go</c>).
/// </summary>
internal static class OpenAiCompletionWriter
{
    public static async Task WriteAsync(HttpContext context, FakeEngine engine, GenerationPlan plan, OpenAiDialect dialect)
    {
        using var generation = engine.BeginGeneration();
        var id = OpenAiJson.NewId(dialect.CompletionIdPrefix);
        var created = OpenAiJson.Now();
        var runs = Enumerable.Range(0, plan.N).Select(i => new ChoiceRun(i, plan)).ToArray();
        JsonObject Body(JsonArray choices)
        {
            var body = new JsonObject { ["id"] = id, ["object"] = "text_completion", ["created"] = created, ["model"] = plan.ResponseModel };
            if (dialect.SystemFingerprint is not null)
                body["system_fingerprint"] = dialect.SystemFingerprint;
            body["choices"] = choices;
            return body;
        }
        JsonObject Usage() => dialect.Usage(plan.PromptIds.Length, dialect.UsageCountsOneChoice ? runs[0].Tokens.Count : runs.Sum(r => r.Tokens.Count));
        try
        {
            if (!plan.Stream)
            {
                foreach (var run in runs)
                    await foreach (var _ in run.RunAsync(engine.Options, context.RequestAborted)) { }
                var body = Body(new JsonArray(runs.Select(run => (JsonNode)Choice(plan, dialect, run.Index, run.Text, run.FinishReason,
                    plan.Logprobs ? Logprobs(dialect, run.Tokens) : null, run.Tokens.Select(t => t.Id))).ToArray()));
                body["usage"] = Usage();
                if (dialect.Timings is not null)
                    body["timings"] = dialect.Timings(plan.PromptIds.Length, runs[0].Tokens.Count);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(OpenAiJson.Text(body), context.RequestAborted);
                return;
            }
            Sse.Start(context);
            foreach (var run in runs)
            {
                var first = true;
                await foreach (var (token, text) in run.RunAsync(engine.Options, context.RequestAborted))
                {
                    if (text.Length == 0 && !(token is not null && (plan.ReturnTokenIds || plan.Logprobs)))
                        continue;
                    var choice = Choice(plan, dialect, run.Index, text, null,
                        plan.Logprobs && token is not null ? Logprobs(dialect, [token]) : null, token is null ? [] : [token.Id]);
                    if (!first)
                        choice.Remove("prompt_token_ids");
                    first = false;
                    await Sse.WriteAsync(context, OpenAiJson.Text(Chunk(Body([choice]))));
                }
                var finish = Body([Choice(plan, dialect, run.Index, "", run.FinishReason, null, [])]);
                finish.AsObject()["choices"]![0]!.AsObject().Remove("prompt_token_ids");
                if (dialect.LlamaCppStreamUsage && run.Index == runs.Length - 1)
                {
                    // llama.cpp: the last chunk carries usage and timings, asked for or not (observed §6e).
                    finish["usage"] = Usage();
                    finish["timings"] = dialect.Timings?.Invoke(plan.PromptIds.Length, run.Tokens.Count);
                }
                await Sse.WriteAsync(context, OpenAiJson.Text(Chunk(finish)));
            }
            if (plan.IncludeUsage && !dialect.LlamaCppStreamUsage)
            {
                var usage = Body([]);
                usage["usage"] = Usage();
                await Sse.WriteAsync(context, OpenAiJson.Text(usage));
            }
            await Sse.DoneAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: generation stopped with it.
        }

        JsonObject Chunk(JsonObject body)
        {
            if (dialect.NullUsageInChunks && !body.ContainsKey("usage"))
                body["usage"] = null;
            return body;
        }
    }

    private static JsonObject Choice(GenerationPlan plan, OpenAiDialect dialect, int index, string text, string? finishReason, JsonObject? logprobs, IEnumerable<int> tokenIds)
    {
        var choice = new JsonObject { ["index"] = index, ["text"] = text, ["logprobs"] = logprobs, ["finish_reason"] = finishReason };
        if (plan.ReturnTokenIds)
        {
            choice["prompt_token_ids"] = OpenAiJson.Ids(plan.PromptIds);
            choice["token_ids"] = OpenAiJson.Ids(tokenIds);
        }
        return choice;
    }

    private static JsonObject Logprobs(OpenAiDialect dialect, IReadOnlyList<Model.GeneratedToken> tokens) =>
        dialect.ChatShapedCompletionLogprobs ? OpenAiJson.ChatLogprobs(tokens) : OpenAiJson.LegacyLogprobs(tokens, 0);
}
