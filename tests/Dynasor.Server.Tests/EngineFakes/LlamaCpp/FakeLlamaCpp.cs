using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Dynasor.Server.Tests.EngineFakes.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.LlamaCpp;

/// <summary>
/// A fake llama-server backed by <see cref="FakeModel"/> (the same GGUF and kernels the observed server ran).
/// Behaviour follows docs/llamacpp-observed.md (§ numbers below), which wins over docs/engine-sources.md for llama.cpp:
/// <list type="bullet">
/// <item><c>Server: llama.cpp</c> on every answer; unknown routes 404 <c>File Not Found</c>; no <c>/version</c> (§1).
/// <c>/v1/models</c> (and <c>/models</c>): an Ollama-style <c>models</c> list plus one OpenAI card,
/// <c>owned_by: "llamacpp"</c>, with <c>meta</c> (§1). <c>/props</c>: <c>default_generation_settings.n_ctx</c>,
/// <c>total_slots</c>, <c>chat_template</c>, <c>build_info</c>, … (§1). <c>/health</c>, <c>/v1/health</c> (§1).</item>
/// <item><c>/apply-template</c>, <c>/tokenize</c> (<c>add_special</c> false, <c>parse_special</c> true,
/// <c>with_pieces</c>, byte lists for partial UTF-8), <c>/detokenize</c> → <c>content</c> (§5).</item>
/// <item><c>/completion</c>: prompt text (BOS added) or ids (as given); <c>tokens</c> only with
/// <c>return_tokens</c> when whole, on every partial chunk when streamed; no <c>[DONE]</c> (§6, §7).</item>
/// <item><c>/v1/completions</c>: <c>chatcmpl-</c> ids, <c>return_tokens</c> ignored, usage and <c>timings</c> on the
/// last chunk always, chat-shaped logprobs (§6).</item>
/// <item><c>/v1/chat/completions</c>: prefill and <c>continue_final_message</c> rules (§3, §4.3, server-common.cpp
/// quoted there), reasoning in <c>reasoning_content</c> by <c>--reasoning-format</c>
/// (<see cref="FakeEngineOptions.ReasoningParser"/>), parsed from the generation prompt on (§4.2); <c>timings</c>;
/// <c>system_fingerprint</c> = build; <c>n: 2</c> gives two choices and usage for one (§8a) with one usage chunk
/// per choice (§8b); any <c>model</c> is served (§8d); unknown fields ignored (§8e); over-context prompts 400
/// <c>exceed_context_size_error</c> before any stream (§8i–k); malformed JSON 500 (§8l).</item>
/// <item><c>/v1/embeddings</c>, <c>/embedding</c>: 501 <c>not_supported_error</c> (no <c>--embeddings</c>, §10a).</item>
/// </list>
/// Not reproduced: the prompt cache (<c>cached_tokens</c> and <c>timings.cache_n</c> are 0), slots and
/// <c>/slots</c>, <c>--jinja</c> tool templates and grammars (<c>response_format</c> accepted, not enforced),
/// <c>verbose</c>/<c>__verbose</c>, <c>response_fields</c>, resumable streams, <c>/v1/responses</c>,
/// <c>/v1/messages</c>, SSE pings, and interleaved n&gt;1 streams (choices come one after the other).
/// </summary>
public sealed class FakeLlamaCpp : FakeEngine
{
    /// <summary><c>build_info</c> and <c>system_fingerprint</c>, as the observed source build reported them.</summary>
    public const string BuildInfo = "b0-unknown";

    private FakeLlamaCpp(FakeEngineOptions options) : base(options) => Template = ChatTemplates.Get(options.Template ?? "chatml");

    internal ChatTemplate Template { get; }

    internal OpenAiDialect Dialect { get; } = new()
    {
        ReasoningField = "reasoning_content",
        SystemFingerprint = BuildInfo,
        CompletionIdPrefix = "chatcmpl-",
        NullRoleChunkContent = true,
        UsageCountsOneChoice = true,
        LlamaCppStreamUsage = true,
        ChatShapedCompletionLogprobs = true,
        Usage = (prompt, completion) => new JsonObject
        {
            ["completion_tokens"] = completion,
            ["prompt_tokens"] = prompt,
            ["total_tokens"] = prompt + completion,
            ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
        },
        Timings = LlamaCppTimings.Of,
    };

    public static async Task<FakeLlamaCpp> StartAsync(FakeEngineOptions? options = null)
    {
        var engine = new FakeLlamaCpp(options ?? new FakeEngineOptions());
        await engine.StartCoreAsync();
        return engine;
    }

    protected override void Map(WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.Headers.Server = "llama.cpp";
            return next(context);
        });
        app.MapGet("/health", () => Results.Json(new JsonObject { ["status"] = "ok" }));
        app.MapGet("/v1/health", () => Results.Json(new JsonObject { ["status"] = "ok" }));
        app.MapGet("/v1/models", () => Results.Json(LlamaCppInfo.Models(this)));
        app.MapGet("/models", () => Results.Json(LlamaCppInfo.Models(this)));
        app.MapGet("/props", () => Results.Json(LlamaCppInfo.Props(this)));
        app.MapPost("/apply-template", context => LlamaCppChat.ApplyTemplateAsync(context, this));
        app.MapPost("/tokenize", LlamaCppTokenize.TokenizeAsync);
        app.MapPost("/detokenize", LlamaCppTokenize.DetokenizeAsync);
        app.MapPost("/completion", context => LlamaCppCompletion.HandleAsync(context, this));
        app.MapPost("/completions", context => LlamaCppCompletion.HandleAsync(context, this));
        app.MapPost("/v1/completions", context => LlamaCppCompletion.OpenAiAsync(context, this));
        app.MapPost("/v1/chat/completions", context => LlamaCppChat.HandleAsync(context, this));
        app.MapPost("/chat/completions", context => LlamaCppChat.HandleAsync(context, this));
        foreach (var route in new[] { "/v1/embeddings", "/embeddings", "/embedding" })
            app.MapPost(route, context => LlamaCppErrors.WriteAsync(context, 501, "This server does not support embeddings. Start it with `--embeddings`", "not_supported_error"));
        app.MapFallback(LlamaCppErrors.NotFoundAsync);
    }
}
