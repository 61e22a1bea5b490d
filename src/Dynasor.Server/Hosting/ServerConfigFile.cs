using System.Text.Json;
using Dynasor.Server.Metrics;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Scheduling;
using Dynasor.Server.Upstream;

namespace Dynasor.Server.Hosting;

/// <summary>
/// Reads the server's JSON config file over command-line defaults:
/// <c>{"dynasor":{"mode":"cot","effort":"mid",...}, "max_request_body_bytes":4194304, "max_tokens_limit":131072,
/// "default_max_tokens":16384, "max_choices":16, "upstream_timeout_seconds":120, "upstream_protocol":"chat"|"completions",
/// "policy_dir":"policies", "max_inflight":256, "scheduler":"dynasor", "health_interval_seconds":5,
/// "upstreams":["http://a:8000/v1", {"url":"http://b:8000/v1","priority":"lower-first","key_env":"B_KEY"}],
/// "otlp_endpoint":"http://collector:4317", "otlp_protocol":"grpc"|"http/protobuf",
/// "reward_upstream":"http://prm:8000/v1", "reward_model":"Qwen/Qwen2.5-Math-PRM-7B", "reward_kind":"prm", "reward_key_env":"PRM_KEY",
/// "record":{"dir":"traffic","text":false,"max_mb":100}}</c>
/// (<c>policy_dir</c> and <c>record.dir</c> relative to the file; <c>@FILE</c> policies are looked up there).
/// Every field is optional; an unknown field or a bad value fails with a message naming it.
/// </summary>
public static class ServerConfigFile
{
    /// <summary>Every field the file may have (one list for parsing and for the error that names an unknown one).</summary>
    public static IReadOnlyList<string> Fields { get; } =
    [
        "dynasor", "max_request_body_bytes", "max_tokens_limit", "default_max_tokens", "max_choices", "max_request_sequences", "max_request_tokens",
        "upstream_timeout_seconds", "upstream_protocol", "policy_dir", "max_inflight", "scheduler", "health_interval_seconds", "upstreams", "model",
        "model_aliases", "drain_timeout_seconds", "access_log", "key_limits", "otlp_endpoint", "otlp_protocol",
        "reward_upstream", "reward_model", "reward_kind", "reward_key_env", "record",
    ];

    /// <summary>Returns <paramref name="options"/> with the file's settings laid over; throws <see cref="ArgumentException"/> on a bad file.</summary>
    public static ServerOptions Apply(string path, ServerOptions options)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Config file '{path}' does not exist; pass --config with the path of a JSON file.", path);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return Apply(document.RootElement, options, Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Config file '{path}' is not valid JSON: {e.Message}");
        }
        catch (OpenAiException e)
        {
            throw new ArgumentException($"Config file '{path}': {e.Message}");
        }
    }

    private static ServerOptions Apply(JsonElement root, ServerOptions options, string directory)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw OpenAiException.Invalid("the top level must be an object.", null);
        var limits = options.EffectiveLimits;
        foreach (var field in root.EnumerateObject())
        {
            var v = field.Value;
            options = field.Name switch
            {
                "dynasor" => options with { Defaults = options.EffectiveDefaults.Merge(v) },
                "max_request_body_bytes" => options with { MaxRequestBodyBytes = JsonFields.Long(v, field.Name) },
                "max_tokens_limit" => options with { Limits = limits = limits with { MaxTokens = JsonFields.Int(v, field.Name, 1, 10_000_000) } },
                "default_max_tokens" => options with { Limits = limits = limits with { DefaultMaxTokens = JsonFields.Int(v, field.Name, 1, 10_000_000) } },
                "max_choices" => options with { Limits = limits = limits with { MaxChoices = JsonFields.Int(v, field.Name, 1, 1024) } },
                "max_request_sequences" => options with { Limits = limits = limits with { MaxRequestSequences = JsonFields.Int(v, field.Name, 1, 1_000_000) } },
                "max_request_tokens" => options with { Limits = limits = limits with { MaxRequestTokens = JsonFields.Long(v, field.Name) } },
                "upstream_timeout_seconds" => options with { UpstreamTimeout = TimeSpan.FromSeconds(JsonFields.Double(v, field.Name, 0, 86_400, minExclusive: true)) },
                "upstream_protocol" => options with { UpstreamProtocol = Protocol(JsonFields.String(v, field.Name)) },
                "policy_dir" => options with { PolicyDirectory = Path.Combine(directory, JsonFields.String(v, field.Name)) },
                "max_inflight" => options with { MaxInFlight = JsonFields.Int(v, field.Name, 1, 1_000_000) },
                "scheduler" => options with { Scheduler = JsonFields.String(v, field.Name) },
                "health_interval_seconds" => options with { HealthInterval = TimeSpan.FromSeconds(JsonFields.Double(v, field.Name, 0, 86_400, minExclusive: true)) },
                "upstreams" => options with { Upstreams = Upstreams(v) },
                "model" => options with { DefaultModel = JsonFields.String(v, field.Name) },
                "model_aliases" => options with { ModelAliases = Aliases(v) },
                "drain_timeout_seconds" => options with { DrainTimeout = TimeSpan.FromSeconds(JsonFields.Double(v, field.Name, 0, 3600)) },
                "access_log" => options with { AccessLogPath = Path.Combine(directory, JsonFields.String(v, field.Name)) },
                "key_limits" => options with { KeyLimits = Limits(v) },
                "otlp_endpoint" => options with { Telemetry = (options.Telemetry ?? new()) with { OtlpEndpoint = Telemetry(() => TelemetryOptions.ParseEndpoint(JsonFields.String(v, field.Name), field.Name)) } },
                "otlp_protocol" => options with { Telemetry = (options.Telemetry ?? new()) with { Protocol = Telemetry(() => TelemetryOptions.ParseProtocol(JsonFields.String(v, field.Name), field.Name)) } },
                "reward_upstream" => options with { RewardUpstream = Reward(options) with { Url = JsonFields.String(v, field.Name) } },
                "reward_model" => options with { RewardUpstream = Reward(options) with { Model = JsonFields.String(v, field.Name) } },
                "reward_kind" => options with { RewardUpstream = Reward(options) with { Kind = RewardKind(JsonFields.String(v, field.Name)) } },
                "reward_key_env" => options with { RewardUpstream = Reward(options) with { KeyEnv = JsonFields.String(v, field.Name) } },
                "record" => options with { Recording = Recording.RecordingConfig.Read(v, directory) },
                _ => throw OpenAiException.Invalid($"unknown field '{field.Name}'; known: {string.Join(", ", Fields)}.", field.Name),
            };
        }
        return options;
    }

    // The reward fields may come in any order; a spec still without its URL is refused by ServerOptions.Validate.
    private static RewardUpstreamSpec Reward(ServerOptions options) => options.RewardUpstream ?? new RewardUpstreamSpec("");

    private static Rewards.RewardKind RewardKind(string name) => name switch
    {
        "prm" => Rewards.RewardKind.Prm,
        "outcome" => Rewards.RewardKind.Outcome,
        _ => throw OpenAiException.Invalid($"reward_kind '{name}' is unknown; use \"prm\" (a process reward model at /pooling) or \"outcome\" (one score per answer at /classify).", "reward_kind"),
    };

    private static List<UpstreamSpec> Upstreams(JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            throw OpenAiException.Invalid("'upstreams' must be a non-empty list of URLs or {\"url\":...,\"priority\":\"lower-first\",\"key_env\":...} objects.", "upstreams");
        var result = new List<UpstreamSpec>();
        foreach (var entry in list.EnumerateArray())
        {
            var name = $"upstreams[{result.Count}]";
            if (entry.ValueKind == JsonValueKind.String)
            {
                result.Add(new UpstreamSpec(entry.GetString()!));
                continue;
            }
            if (entry.ValueKind != JsonValueKind.Object)
                throw OpenAiException.Invalid($"'{name}' must be a URL string or an object with a \"url\".", name);
            var spec = new UpstreamSpec("");
            foreach (var field in entry.EnumerateObject())
            {
                var fieldName = $"{name}.{field.Name}";
                spec = field.Name switch
                {
                    "url" => spec with { Url = JsonFields.String(field.Value, fieldName) },
                    "priority" => spec with { Priority = Priority(field.Value, fieldName) },
                    "key_env" => spec with { KeyEnv = JsonFields.String(field.Value, fieldName) },
                    "dialect" => spec with { Dialect = DialectName(JsonFields.String(field.Value, fieldName), fieldName) },
                    "reasoning_parser" => spec with { ReasoningParser = JsonFields.Bool(field.Value, fieldName) },
                    _ => throw OpenAiException.Invalid($"unknown field '{fieldName}'; known: url, priority, key_env, dialect, reasoning_parser.", fieldName),
                };
            }
            result.Add(spec.Url.Length > 0 ? spec : throw OpenAiException.Invalid($"'{name}' needs a \"url\".", name));
        }
        return result;
    }

    // A telemetry setting's value, its error in the form the file's other errors take.
    private static T Telemetry<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException e)
        {
            throw OpenAiException.Invalid(e.Message, null);
        }
    }

    // {"requests_per_minute": N, "tokens_per_minute": M}
    private static KeyLimits Limits(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw OpenAiException.Invalid("'key_limits' must be an object like {\"requests_per_minute\": 600, \"tokens_per_minute\": 2000000}.", "key_limits");
        var limits = new KeyLimits();
        foreach (var field in value.EnumerateObject())
        {
            var name = $"key_limits.{field.Name}";
            limits = field.Name switch
            {
                "requests_per_minute" => limits with { RequestsPerMinute = JsonFields.Int(field.Value, name, 1, int.MaxValue) },
                "tokens_per_minute" => limits with { TokensPerMinute = JsonFields.Long(field.Value, name) },
                _ => throw OpenAiException.Invalid($"unknown field '{name}'; known: requests_per_minute, tokens_per_minute.", name),
            };
        }
        return limits;
    }

    // {"client-name": "upstream-name", ...}
    private static Dictionary<string, string> Aliases(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw OpenAiException.Invalid("'model_aliases' must be an object mapping a client's model name to an upstream's, e.g. {\"gpt-4o\": \"Qwen/QwQ-32B\"}.", "model_aliases");
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var alias in value.EnumerateObject())
            aliases[alias.Name] = JsonFields.String(alias.Value, $"model_aliases.{alias.Name}");
        return aliases;
    }

    /// <summary>A dialect name (<c>auto</c> detects), or a clear error naming <paramref name="name"/>.</summary>
    public static string? DialectName(string value, string name)
    {
        if (value == "auto")
            return null;
        try
        {
            return Dialects.DialectCatalog.Named(value).Name;
        }
        catch (ArgumentException e)
        {
            throw OpenAiException.Invalid($"'{name}': {e.Message}", name);
        }
    }

    /// <summary>Parses a priority convention: <c>true</c>/<c>"lower-first"</c>, <c>"higher-first"</c>, <c>false</c>/<c>"none"</c>.</summary>
    public static PriorityOrder Priority(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.True => PriorityOrder.FromDialect,
        JsonValueKind.False => PriorityOrder.None,
        JsonValueKind.String => PriorityName(value.GetString()!, name),
        _ => throw OpenAiException.Invalid($"'{name}' must be true (the engine's own direction), false, \"lower-first\" (vLLM), \"higher-first\" (SGLang) or \"none\".", name),
    };

    /// <summary>The convention <paramref name="value"/> names, or a clear error naming <paramref name="name"/>.</summary>
    public static PriorityOrder PriorityName(string value, string name) => value switch
    {
        "lower-first" => PriorityOrder.LowerFirst,
        "higher-first" => PriorityOrder.HigherFirst,
        "none" => PriorityOrder.None,
        "auto" => PriorityOrder.FromDialect,
        _ => throw OpenAiException.Invalid($"'{name}' '{value}' is unknown; use auto (the engine's own direction), lower-first (vLLM: smaller runs first), higher-first (SGLang) or none.", name),
    };

    private static UpstreamProtocol Protocol(string name) => name switch
    {
        "chat" => UpstreamProtocol.Chat,
        "completions" => UpstreamProtocol.Completions,
        _ => throw OpenAiException.Invalid($"upstream_protocol '{name}' is unknown; use \"chat\" or \"completions\".", "upstream_protocol"),
    };
}
