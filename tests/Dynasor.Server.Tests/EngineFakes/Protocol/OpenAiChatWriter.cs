using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>
/// Answers a planned <c>/v1/chat/completions</c> request in an engine's dialect: whole, or as a stream of
/// <c>chat.completion.chunk</c> events (a role chunk, one chunk per token that releases text, a finish chunk per
/// choice, then a usage chunk with <c>choices: []</c> when asked for, then <c>[DONE]</c>). Choices are generated
/// one after the other. A client that disconnects cancels the generation.
/// </summary>
internal static class OpenAiChatWriter
{
    public static async Task WriteAsync(HttpContext context, FakeEngine engine, GenerationPlan plan, OpenAiDialect dialect)
    {
        using var generation = engine.BeginGeneration();
        var envelope = new Envelope(OpenAiJson.NewId("chatcmpl-"), OpenAiJson.Now(), plan.ResponseModel, dialect);
        var runs = Enumerable.Range(0, plan.N).Select(i => new ChoiceRun(i, plan)).ToArray();
        try
        {
            if (plan.Stream)
                await StreamAsync(context, engine, plan, dialect, envelope, runs);
            else
                await WholeAsync(context, engine, plan, dialect, envelope, runs);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: generation stopped with it, nothing left to answer.
        }
    }

    private static async Task WholeAsync(HttpContext context, FakeEngine engine, GenerationPlan plan, OpenAiDialect dialect, Envelope envelope, ChoiceRun[] runs)
    {
        var choices = new JsonArray();
        foreach (var run in runs)
        {
            if (plan.ForcedTool is null)
                await foreach (var _ in run.RunAsync(engine.Options, context.RequestAborted)) { }
            choices.Add(WholeChoice(plan, dialect, run));
        }
        var body = envelope.Object("chat.completion", choices);
        body["usage"] = Usage(plan, dialect, runs);
        if (dialect.Timings is not null)
            body["timings"] = dialect.Timings(plan.PromptIds.Length, runs[0].Tokens.Count);
        if (plan.ReturnTokenIds)
            body["prompt_token_ids"] = OpenAiJson.Ids(plan.PromptIds);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(OpenAiJson.Text(body), context.RequestAborted);
    }

    private static JsonObject WholeChoice(GenerationPlan plan, OpenAiDialect dialect, ChoiceRun run)
    {
        var message = new JsonObject { ["role"] = "assistant" };
        if (plan.ForcedTool is not null)
        {
            message["content"] = null;
            message["tool_calls"] = ToolCalls(plan.ForcedTool);
            return new JsonObject { ["index"] = run.Index, ["message"] = message, ["logprobs"] = null, ["finish_reason"] = "tool_calls" };
        }
        var (reasoning, content) = Split(plan, plan.Prefill + run.Text);
        // vLLM and SGLang answer content null when the parser found only reasoning.
        message["content"] = content.Length == 0 && reasoning is not null && dialect.NullEmptyContent ? null : content;
        if (reasoning is not null)
            message[dialect.ReasoningField] = reasoning;
        var choice = new JsonObject
        {
            ["index"] = run.Index,
            ["message"] = message,
            ["logprobs"] = plan.Logprobs ? OpenAiJson.ChatLogprobs(run.Tokens) : null,
            ["finish_reason"] = run.FinishReason,
        };
        if (plan.ReturnTokenIds)
            choice["token_ids"] = OpenAiJson.Ids(run.Tokens.Select(t => t.Id));
        return choice;
    }

    private static async Task StreamAsync(HttpContext context, FakeEngine engine, GenerationPlan plan, OpenAiDialect dialect, Envelope envelope, ChoiceRun[] runs)
    {
        Sse.Start(context);
        var first = true;
        foreach (var run in runs)
        {
            var role = new JsonObject { ["role"] = "assistant", ["content"] = dialect.NullRoleChunkContent ? null : "" };
            var roleChunk = envelope.Chunk(run.Index, role, null);
            if (first && plan.ReturnTokenIds)
                roleChunk["prompt_token_ids"] = OpenAiJson.Ids(plan.PromptIds);
            first = false;
            await Sse.WriteAsync(context, OpenAiJson.Text(roleChunk));
            if (plan.ForcedTool is not null)
            {
                await Sse.WriteAsync(context, OpenAiJson.Text(envelope.Chunk(run.Index, new JsonObject { ["tool_calls"] = ToolCalls(plan.ForcedTool, streamed: true) }, null)));
                await Sse.WriteAsync(context, OpenAiJson.Text(envelope.Chunk(run.Index, new JsonObject(), "tool_calls")));
                continue;
            }
            await StreamChoiceAsync(context, engine, plan, dialect, envelope, run);
            var finish = envelope.Chunk(run.Index, new JsonObject(), run.FinishReason);
            if (dialect.Timings is not null && !plan.IncludeUsage)
                finish["timings"] = dialect.Timings(plan.PromptIds.Length, run.Tokens.Count);
            await Sse.WriteAsync(context, OpenAiJson.Text(finish));
            if (plan.IncludeUsage && dialect.LlamaCppStreamUsage)
                await Sse.WriteAsync(context, OpenAiJson.Text(UsageChunk(plan, dialect, envelope, [run])));
        }
        if (plan.IncludeUsage && !dialect.LlamaCppStreamUsage)
            await Sse.WriteAsync(context, OpenAiJson.Text(UsageChunk(plan, dialect, envelope, runs)));
        await Sse.DoneAsync(context);
    }

    private static async Task StreamChoiceAsync(HttpContext context, FakeEngine engine, GenerationPlan plan, OpenAiDialect dialect, Envelope envelope, ChoiceRun run)
    {
        var parser = plan.ThinkOpen is { } open ? new ThinkParser(open) : null;
        // llama.cpp re-parses prefill + output: its prefill is either sent with the first token or already known.
        var carried = Parse(parser, plan.Prefill);
        if (!plan.StreamRepeatsPrefill)
            carried = ("", "");
        await foreach (var (token, text) in run.RunAsync(engine.Options, context.RequestAborted))
        {
            var (reasoning, content) = Parse(parser, text);
            (reasoning, content) = (carried.Reasoning + reasoning, carried.Content + content);
            carried = ("", "");
            if (reasoning.Length == 0 && content.Length == 0 && !(token is not null && (plan.ReturnTokenIds || plan.Logprobs)))
                continue;
            await Sse.WriteAsync(context, OpenAiJson.Text(TokenChunk(plan, dialect, envelope, run.Index, token, reasoning, content)));
        }
        var rest = parser?.Finish() ?? ("", "");
        if (rest.Reasoning.Length > 0 || rest.Content.Length > 0)
            await Sse.WriteAsync(context, OpenAiJson.Text(TokenChunk(plan, dialect, envelope, run.Index, null, rest.Reasoning, rest.Content)));
    }

    private static JsonObject TokenChunk(GenerationPlan plan, OpenAiDialect dialect, Envelope envelope, int index, Model.GeneratedToken? token, string reasoning, string content)
    {
        var delta = new JsonObject();
        if (reasoning.Length > 0)
            delta[dialect.ReasoningField] = reasoning;
        if (content.Length > 0)
            delta["content"] = content;
        var chunk = envelope.Chunk(index, delta, null);
        var choice = chunk["choices"]![0]!.AsObject();
        if (plan.Logprobs && token is not null)
            choice["logprobs"] = OpenAiJson.ChatLogprobs([token]);
        if (plan.ReturnTokenIds)
            choice["token_ids"] = OpenAiJson.Ids(token is null ? [] : [token.Id]);
        return chunk;
    }

    private static (string Reasoning, string Content) Parse(ThinkParser? parser, string text) =>
        parser?.Feed(text) ?? ("", text);

    private static (string? Reasoning, string Content) Split(GenerationPlan plan, string text)
    {
        if (plan.ThinkOpen is not { } open)
            return (null, text);
        var parser = new ThinkParser(open);
        var (reasoning, content) = parser.Feed(text);
        var rest = parser.Finish();
        reasoning += rest.Reasoning;
        return (reasoning.Length > 0 ? reasoning : null, content + rest.Content);
    }

    private static JsonArray ToolCalls(string name, bool streamed = false)
    {
        var call = new JsonObject { ["id"] = OpenAiJson.NewId("call_"), ["type"] = "function", ["function"] = new JsonObject { ["name"] = name, ["arguments"] = "{}" } };
        if (streamed)
            call["index"] = 0;
        return [call];
    }

    private static JsonObject UsageChunk(GenerationPlan plan, OpenAiDialect dialect, Envelope envelope, ChoiceRun[] runs)
    {
        var chunk = envelope.Object("chat.completion.chunk", []);
        chunk["usage"] = Usage(plan, dialect, runs);
        if (dialect.Timings is not null)
            chunk["timings"] = dialect.Timings(plan.PromptIds.Length, runs[0].Tokens.Count);
        return chunk;
    }

    private static JsonObject Usage(GenerationPlan plan, OpenAiDialect dialect, IReadOnlyList<ChoiceRun> runs) =>
        dialect.Usage(plan.PromptIds.Length, dialect.UsageCountsOneChoice ? runs[0].Tokens.Count : runs.Sum(r => r.Tokens.Count));

    private sealed record Envelope(string Id, long Created, string Model, OpenAiDialect Dialect)
    {
        public JsonObject Object(string type, JsonArray choices)
        {
            var body = new JsonObject { ["id"] = Id, ["object"] = type, ["created"] = Created, ["model"] = Model };
            if (Dialect.SystemFingerprint is not null)
                body["system_fingerprint"] = Dialect.SystemFingerprint;
            body["choices"] = choices;
            return body;
        }

        public JsonObject Chunk(int index, JsonObject delta, string? finishReason)
        {
            var chunk = Object("chat.completion.chunk", [new JsonObject { ["index"] = index, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason }]);
            if (Dialect.NullUsageInChunks)
                chunk["usage"] = null;
            return chunk;
        }
    }
}
