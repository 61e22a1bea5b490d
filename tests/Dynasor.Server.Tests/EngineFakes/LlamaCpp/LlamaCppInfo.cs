using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;
using Dynasor.Server.Tests.EngineFakes.Protocol;

namespace Dynasor.Server.Tests.EngineFakes.LlamaCpp;

/// <summary>llama-server's <c>/v1/models</c> and <c>/props</c> bodies, as observed (§1), trimmed to the fields a
/// client reads.</summary>
internal static class LlamaCppInfo
{
    // llama-server's Jinja fallback for a GGUF without a template (observed /props, §1).
    private const string ChatMlJinja = "{%- for message in messages -%}\n  {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>\n' -}}\n{%- endfor -%}\n{%- if add_generation_prompt -%}\n  {{- '<|im_start|>assistant\n' -}}\n{%- endif -%}";

    public static JsonObject Models(FakeLlamaCpp engine) => new()
    {
        ["models"] = new JsonArray(new JsonObject
        {
            ["name"] = engine.Options.Model,
            ["model"] = engine.Options.Model,
            ["type"] = "model",
            ["capabilities"] = new JsonArray("completion"),
            ["details"] = new JsonObject { ["format"] = "gguf" },
        }),
        ["object"] = "list",
        ["data"] = new JsonArray(new JsonObject
        {
            ["id"] = engine.Options.Model,
            ["aliases"] = new JsonArray(engine.Options.Model),
            ["tags"] = new JsonArray(),
            ["object"] = "model",
            ["created"] = OpenAiJson.Now(),
            ["owned_by"] = "llamacpp",
            ["meta"] = new JsonObject
            {
                ["vocab_type"] = 1,
                ["n_vocab"] = FakeModel.Shared.VocabSize,
                ["n_ctx"] = engine.Options.ContextSize,
                ["n_ctx_train"] = FakeModel.ContextSize,
                ["n_embd"] = 64,
                ["n_params"] = 292800,
                ["size"] = 1171200,
                ["ftype"] = "(guessed) all F32",
            },
        }),
    };

    public static JsonObject Props(FakeLlamaCpp engine) => new()
    {
        ["default_generation_settings"] = new JsonObject
        {
            ["params"] = new JsonObject
            {
                ["temperature"] = 0.8, ["top_k"] = 40, ["top_p"] = 0.95, ["min_p"] = 0.05, ["n_predict"] = -1,
                ["reasoning_format"] = engine.Options.ReasoningParser ? "deepseek" : "none",
            },
            ["n_ctx"] = engine.Options.ContextSize,
        },
        ["total_slots"] = 1,
        ["model_alias"] = engine.Options.Model,
        ["model_path"] = FakeModel.Shared.ModelPath,
        ["modalities"] = new JsonObject { ["vision"] = false, ["video"] = false, ["audio"] = false },
        ["endpoint_slots"] = false,
        ["endpoint_props"] = false,
        ["endpoint_metrics"] = false,
        ["chat_template"] = TemplateText(engine),
        ["bos_token"] = "<s>",
        ["eos_token"] = "</s>",
        ["build_info"] = FakeLlamaCpp.BuildInfo,
        ["is_sleeping"] = false,
    };

    private static string TemplateText(FakeLlamaCpp engine)
    {
        var file = engine.Template.Name switch
        {
            "qwq" => "Qwen-QwQ-32B.jinja",
            "qwen3" => "Qwen-Qwen3-0.6B.jinja",
            "deepseek-r1" => "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja",
            _ => null,
        };
        var path = file is null ? null : Path.Combine(Path.GetDirectoryName(FakeModel.Shared.ModelPath)!, "templates", file);
        return path is not null && File.Exists(path) ? File.ReadAllText(path) : ChatMlJinja;
    }
}
