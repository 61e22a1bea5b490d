using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Vllm;

/// <summary>
/// A fake vLLM OpenAI-compatible server backed by <see cref="FakeModel"/>. Source keys are those of
/// docs/engine-sources.md (its "Sources" table gives each file, commit or URL):
/// <list type="bullet">
/// <item><c>GET /v1/models</c>: one card, <c>owned_by: "vllm"</c>, <c>root</c>, <c>parent: null</c>,
/// <c>max_model_len</c>, <c>permission</c> [V-eng, V-models]. <c>GET /version</c> <c>{"version"}</c> [V-version];
/// <c>/health</c> and <c>/ping</c> 200 with an empty body [V-docs-online].</item>
/// <item><c>POST /tokenize</c> (prompt or messages form) → <c>count, max_model_len, tokens, token_strs</c>;
/// <c>/detokenize</c> → <c>prompt</c> [V-tok].</item>
/// <item>Chat: <c>add_generation_prompt</c> (default true) with <c>continue_final_message</c> both true is a 400
/// [V-chat protocol.py]; the final message is continued by transformers' cut (see
/// <see cref="Templates.ChatTemplate.RenderContinuing"/>); <c>chat_template_kwargs</c> go to the template;
/// <c>reasoning_content</c> in input messages is accepted [V-chat]. The chat prompt is tokenised without BOS
/// (<c>add_special_tokens</c> false for chat, true for completions [V-chat, V-cmpl]).</item>
/// <item>Reasoning under <c>reasoning</c> (not <c>reasoning_content</c>, removed by PR #33402) [V-chat,
/// V-pr33402]; none on <c>/v1/completions</c> [V-cmpl].</item>
/// <item><c>return_token_ids</c>: chat <c>prompt_token_ids</c> top level (first chunk when streamed) and
/// <c>token_ids</c> per choice (delta ids per chunk); completions both per choice [V-chat, V-cmpl, V-i28246].</item>
/// <item><c>stream_options.include_usage</c>: chunks have no <c>usage</c> key [V-i6083]; then a chunk with
/// <c>choices: []</c> and usage with <c>prompt_tokens_details</c> [V-eng]; <c>stream_options</c> without
/// <c>stream</c> is a 400 [V-chat].</item>
/// <item>Unknown model: 404 <c>NotFoundError</c>; too long: 400 [V-models, V-params]; unknown fields accepted
/// [V-eng]; <c>priority</c> accepted and ignored (V1 under fcfs forwards it, and the fake serves in arrival order
/// either way) [V-inproc, V-pr23043].</item>
/// </list>
/// Fake behaviours, not vLLM's: a <c>tool_choice</c> naming a function is answered with a call to it, arguments
/// <c>{}</c>, finish <c>tool_calls</c>, without generating; <c>response_format</c> is accepted and not enforced;
/// logprobs are the model's real raw log-probabilities; <c>/v1/embeddings</c> returns a vector derived from the
/// token ids; tokenisation is llama.cpp's (not Hugging Face's) for this model; prompt batches (a list of prompts),
/// <c>echo</c>, beam search and <c>continuous_usage_stats</c> are not supported.
/// </summary>
public sealed class FakeVllm : FakeEngine
{
    /// <summary>What <c>/version</c> reports.</summary>
    public const string Version = "0.19.1";

    private FakeVllm(FakeEngineOptions options) : base(options) => Template = Templates.ChatTemplates.Get(options.Template ?? "chatml");

    internal Templates.ChatTemplate Template { get; }

    internal OpenAiDialect Dialect { get; } = new()
    {
        ReasoningField = "reasoning",
        NullEmptyContent = true,
        Usage = (prompt, completion) => new JsonObject
        {
            ["prompt_tokens"] = prompt,
            ["total_tokens"] = prompt + completion,
            ["completion_tokens"] = completion,
            ["prompt_tokens_details"] = null,
        },
    };

    public static async Task<FakeVllm> StartAsync(FakeEngineOptions? options = null)
    {
        var engine = new FakeVllm(options ?? new FakeEngineOptions());
        await engine.StartCoreAsync();
        return engine;
    }

    protected override void Map(WebApplication app)
    {
        app.MapGet("/v1/models", () => Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject
            {
                ["id"] = Options.Model,
                ["object"] = "model",
                ["created"] = OpenAiJson.Now(),
                ["owned_by"] = "vllm",
                ["root"] = FakeModel.Shared.ModelPath,
                ["parent"] = null,
                ["max_model_len"] = Options.ContextSize,
                ["permission"] = new JsonArray(new JsonObject { ["id"] = "modelperm-fake", ["object"] = "model_permission", ["allow_sampling"] = true }),
            }),
        }));
        app.MapGet("/version", () => Results.Json(new JsonObject { ["version"] = Version }));
        app.MapGet("/health", () => Results.Ok());
        app.MapGet("/ping", () => Results.Ok());
        app.MapPost("/tokenize", context => VllmTokenize.TokenizeAsync(context, this));
        app.MapPost("/detokenize", context => VllmTokenize.DetokenizeAsync(context));
        app.MapPost("/v1/chat/completions", context => VllmChat.HandleAsync(context, this));
        app.MapPost("/v1/completions", context => VllmCompletions.HandleAsync(context, this));
        app.MapPost("/v1/embeddings", context => VllmCompletions.EmbeddingsAsync(context, this));
    }
}
