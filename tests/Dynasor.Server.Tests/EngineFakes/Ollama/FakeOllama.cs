using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Dynasor.Server.Tests.EngineFakes.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Ollama;

/// <summary>
/// A fake Ollama server backed by <see cref="FakeModel"/>. Source keys are those of docs/engine-sources.md (the
/// Ollama snapshot fb307609 is the most reliable source there):
/// <list type="bullet">
/// <item><c>GET /</c> "Ollama is running"; <c>/api/version</c>; <c>/api/tags</c> with <c>details</c> [O-routes,
/// O-api]; <c>/v1/models</c> with <c>owned_by: "library"</c> [O-oai, O-compat].</item>
/// <item><c>/v1/chat/completions</c>, <c>/v1/completions</c>: reasoning under <c>reasoning</c>;
/// <c>system_fingerprint: "fp_ollama"</c>; <c>n</c>, <c>priority</c>, <c>top_k</c>, <c>min_p</c> and other unknown
/// fields ignored (one choice); temperature and top_p default to 1.0; usage <c>{prompt_tokens, completion_tokens,
/// total_tokens}</c>, chunks without <c>usage</c>, an extra <c>choices: []</c> chunk only with
/// <c>include_usage</c> [O-oai, O-mw, O-compat]; a completion prompt must be a string [O-compat].</item>
/// <item>Every message is closed and a new assistant turn opened, as the Go ChatML template does: a final assistant
/// message is not continued [O-tmpl].</item>
/// <item><c>/api/generate</c> (<c>raw</c>, <c>options.num_predict/temperature/seed/stop/top_k/top_p/min_p</c>,
/// NDJSON stream, final line with <c>done_reason</c>, <c>prompt_eval_count</c>, <c>eval_count</c>, durations in ns,
/// <c>context</c> only when not raw; raw with template/system/context is a 400) and <c>/api/chat</c> (NDJSON,
/// <c>message.thinking</c> with the parser on) [O-api, O-types, O-routes, O-stream].</item>
/// <item>Unknown model: native 404 <c>{"error":"model 'x' not found"}</c>, <c>/v1</c> the same message in the OpenAI
/// envelope with <c>type: not_found_error</c> [O-routes, O-oai, O-mw].</item>
/// </list>
/// Not reproduced: Modelfile parameters and templates per model (the fake uses its <see cref="ChatTemplate"/>),
/// <c>think</c> levels (only on/off by <see cref="FakeEngineOptions.ReasoningParser"/>), the role repeated in every
/// <c>/v1</c> delta and the reasoning/content chunk split, keep_alive and loading, images, tools (the same fake
/// tool call as the other fakes), logprobs on native routes, durations (placeholders); over-context prompts are
/// refused with a 400 where Ollama's behaviour (truncation) is UNCONFIRMED.
/// </summary>
public sealed class FakeOllama : FakeEngine
{
    public const string Version = "0.33.0";

    private FakeOllama(FakeEngineOptions options) : base(options)
    {
        Template = ChatTemplates.Get(options.Template ?? "chatml");
        Name = options.Model.Contains(':') ? options.Model : options.Model + ":latest";
    }

    /// <summary>The tagged model name Ollama reports (<c>stories:latest</c>).</summary>
    public string Name { get; }

    internal ChatTemplate Template { get; }

    internal OpenAiDialect Dialect { get; } = new() { ReasoningField = "reasoning", SystemFingerprint = "fp_ollama", CompletionIdPrefix = "cmpl-" };

    public static async Task<FakeOllama> StartAsync(FakeEngineOptions? options = null)
    {
        var engine = new FakeOllama(options ?? new FakeEngineOptions());
        await engine.StartCoreAsync();
        return engine;
    }

    internal bool Serves(string? model) => model == Name || model + ":latest" == Name;

    protected override void Map(WebApplication app)
    {
        app.MapMethods("/", ["GET", "HEAD"], () => Results.Text("Ollama is running"));
        app.MapGet("/api/version", () => Results.Json(new JsonObject { ["version"] = Version }));
        app.MapGet("/api/tags", () => Results.Json(new JsonObject
        {
            ["models"] = new JsonArray(new JsonObject
            {
                ["name"] = Name, ["model"] = Name, ["modified_at"] = "2026-01-01T00:00:00Z", ["size"] = 1185376,
                ["digest"] = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d",
                ["details"] = new JsonObject
                {
                    ["parent_model"] = "", ["format"] = "gguf", ["family"] = "llama", ["families"] = new JsonArray("llama"),
                    ["parameter_size"] = "260K", ["quantization_level"] = "F32",
                },
            }),
        }));
        app.MapGet("/v1/models", () => Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject { ["id"] = Name, ["object"] = "model", ["created"] = 1767225600, ["owned_by"] = "library" }),
        }));
        app.MapPost("/v1/chat/completions", context => OllamaOpenAi.ChatAsync(context, this));
        app.MapPost("/v1/completions", context => OllamaOpenAi.CompletionsAsync(context, this));
        app.MapPost("/api/generate", context => OllamaNative.GenerateAsync(context, this));
        app.MapPost("/api/chat", context => OllamaNative.ChatAsync(context, this));
    }
}
