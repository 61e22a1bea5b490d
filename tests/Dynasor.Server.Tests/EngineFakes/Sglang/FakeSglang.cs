using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;
using Dynasor.Server.Tests.EngineFakes.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Tests.EngineFakes.Sglang;

/// <summary>
/// A fake SGLang server backed by <see cref="FakeModel"/>. Source keys are those of docs/engine-sources.md:
/// <list type="bullet">
/// <item><c>/v1/models</c>: <c>owned_by: "sglang"</c>, <c>root</c>, <c>parent</c>, <c>max_model_len</c>, no
/// <c>permission</c> [S-proto]. <c>/get_model_info</c> (and <c>/model_info</c> [S-modelinfo]) with exactly the
/// documented keys; <c>/get_server_info</c> (and <c>/server_info</c>) with server args, incl.
/// <c>reasoning_parser</c> when on and <c>enable_priority_scheduling</c> [S-native, S-args]; <c>/health</c>,
/// <c>/health_generate</c> [S-native].</item>
/// <item><c>/tokenize</c> → <c>tokens, count, max_model_len</c>; <c>/detokenize</c> → <c>text</c> [S-proto].</item>
/// <item>Chat: no <c>add_generation_prompt</c> (dropped like any unknown field); <c>continue_final_message</c>
/// removes the final assistant message, renders with the generation prompt and appends its text [S-cfm-code,
/// S-pr4226]; reasoning in <c>reasoning_content</c> [S-proto]; usage adds <c>reasoning_tokens</c> [S-proto];
/// chunks carry <c>"usage": null</c> (likely, per S-proto) and a final <c>choices: []</c> usage chunk with
/// <c>include_usage</c>.</item>
/// <item><c>return_token_ids</c>: completions per choice, streamed or not; chat non-streamed only, chat + stream is
/// a 400 [S-pr30917].</item>
/// <item>Errors top-level <c>{"object":"error",…}</c>; too long: "The input (N tokens) is longer than the model's
/// context length (M tokens)." [S-ctx]; <c>priority</c> accepted and recorded (higher first with
/// <c>--enable-priority-scheduling</c> [S-args]; the fake serves in arrival order).</item>
/// </list>
/// Not reproduced: <c>/generate</c>, <c>input_ids</c> on chat, <c>separate_reasoning</c>/<c>stream_reasoning</c>,
/// cache reports, <c>--abort-on-priority-when-disabled</c>; unknown model names are served (SGLang's answer is
/// UNCONFIRMED in the notes); the <c>return_token_ids</c> 400 wording is the fake's own; <c>reasoning_tokens</c>
/// is always 0; the tool-call and logprob behaviour is the same fake behaviour as <see cref="Vllm.FakeVllm"/>.
/// </summary>
public sealed class FakeSglang : FakeEngine
{
    private FakeSglang(FakeEngineOptions options) : base(options) => Template = ChatTemplates.Get(options.Template ?? "chatml");

    internal ChatTemplate Template { get; }

    internal OpenAiDialect Dialect { get; } = new()
    {
        ReasoningField = "reasoning_content",
        NullEmptyContent = true,
        NullUsageInChunks = true,
        Usage = (prompt, completion) => new JsonObject
        {
            ["prompt_tokens"] = prompt,
            ["total_tokens"] = prompt + completion,
            ["completion_tokens"] = completion,
            ["prompt_tokens_details"] = null,
            ["reasoning_tokens"] = 0,
        },
    };

    public static async Task<FakeSglang> StartAsync(FakeEngineOptions? options = null)
    {
        var engine = new FakeSglang(options ?? new FakeEngineOptions());
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
                ["id"] = Options.Model, ["object"] = "model", ["created"] = OpenAiJson.Now(), ["owned_by"] = "sglang",
                ["root"] = Options.Model, ["parent"] = null, ["max_model_len"] = Options.ContextSize,
            }),
        }));
        foreach (var route in new[] { "/get_model_info", "/model_info" })
            app.MapGet(route, () => Results.Json(new JsonObject
            {
                ["model_path"] = FakeModel.Shared.ModelPath, ["tokenizer_path"] = FakeModel.Shared.ModelPath, ["is_generation"] = true,
                ["preferred_sampling_params"] = null, ["weight_version"] = "default",
                ["has_image_understanding"] = false, ["has_audio_understanding"] = false,
            }));
        foreach (var route in new[] { "/get_server_info", "/server_info" })
            app.MapGet(route, () => Results.Json(ServerInfo()));
        app.MapGet("/health", () => Results.Ok());
        app.MapGet("/health_generate", () => Results.Ok());
        app.MapPost("/tokenize", context => SglangChat.TokenizeAsync(context, this));
        app.MapPost("/detokenize", async context =>
        {
            var ids = (await EngineReply.ReadAsync(context))?.PromptIds("tokens") ?? [];
            await EngineReply.JsonAsync(context, new JsonObject { ["text"] = FakeModel.Shared.Detokenize(ids) });
        });
        app.MapPost("/v1/chat/completions", context => SglangChat.HandleAsync(context, this));
        app.MapPost("/v1/completions", context => SglangCompletions.HandleAsync(context, this));
    }

    private JsonObject ServerInfo()
    {
        var info = new JsonObject
        {
            ["model_path"] = FakeModel.Shared.ModelPath,
            ["served_model_name"] = Options.Model,
            ["context_length"] = Options.ContextSize,
            ["enable_priority_scheduling"] = Options.PriorityScheduling,
            ["schedule_low_priority_values_first"] = false,
            ["max_total_num_tokens"] = Options.ContextSize,
        };
        if (Options.ReasoningParser)
            info["reasoning_parser"] = "deepseek-r1";
        return info;
    }
}
