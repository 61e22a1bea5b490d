using System.Text.Json;
using Dynasor.Cot;
using Dynasor.Search;

namespace Dynasor.Server.OpenAi;

/// <summary>
/// The per-request <c>dynasor</c> object: how Dynasor runs the request. The config file's <c>dynasor</c> object sets
/// the server defaults; a request's object overrides them field by field. Validated on every merge.
/// </summary>
/// <param name="Mode"><c>off</c> (plain pass-through), <c>cot</c> (Dynasor-CoT early exit), <c>sc</c> (adaptive
/// self-consistency), or a reward-guided program: <c>rebase</c>, <c>mcts</c>, <c>bon</c> (best-of-N), <c>wsc</c>
/// (reward-weighted self-consistency).</param>
/// <param name="Effort">Dynasor-CoT preset: <c>mild</c>, <c>low</c>, <c>mid</c>, <c>high</c> or <c>crazy</c>.</param>
/// <param name="ProbeInterval">Tokens between probes (Dynasor-CoT), null for the effort's value.</param>
/// <param name="Window">Equal consecutive probe answers needed to exit (Dynasor-CoT), null for the effort's value.</param>
/// <param name="ProbeMaxTokens">Most tokens a probe may generate, null for the effort's value.</param>
/// <param name="Policy">Allocation policy spec (e.g. <c>ac:confidence=0.95</c>), or <c>@FILE</c>: a calibrated policy
/// file in the server's <c>policy_dir</c>; null: the mode's own default (<see cref="EffectivePolicy"/>).</param>
/// <param name="MaxSamples">Most samples per request (<c>sc</c>, <c>bon</c>, <c>wsc</c>).</param>
/// <param name="ProbeTailTokens">Tokens a probe reads after its box closes (to see a hedge), null for the default.</param>
/// <param name="DeadlineMs">The request's deadline in milliseconds from its arrival, for deadline-aware schedulers (<c>slack</c>); null: none.</param>
public sealed record DynasorSettings(
    string Mode = "off",
    string Effort = "mid",
    int? ProbeInterval = null,
    int? Window = null,
    int? ProbeMaxTokens = null,
    string? Policy = null,
    int MaxSamples = 40,
    int? DeadlineMs = null,
    int? ProbeTailTokens = null)
{
    /// <summary>The modes a request may ask for.</summary>
    public static IReadOnlyList<string> Modes { get; } = ["off", "cot", "sc", "rebase", "mcts", "bon", "wsc"];

    /// <summary>The modes that score their paths with a reward model.</summary>
    public static IReadOnlyList<string> RewardModes { get; } = ["rebase", "mcts", "bon", "wsc"];

    /// <summary>The Dynasor-CoT effort presets.</summary>
    public static IReadOnlyList<string> Efforts { get; } = ["mild", "low", "mid", "high", "crazy"];

    /// <summary>Rebase's cap: the most finished solutions (tree width summed over its rounds), 1..<see cref="SearchOptions.MaxCap"/>. Default 32.</summary>
    public int Width { get; init; } = 32;

    /// <summary>MCTS's cap: the most iterations, 1..<see cref="SearchOptions.MaxCap"/>. Default 20, the top of the paper's MCTS caps (3..20).</summary>
    public int Iterations { get; init; } = 20;

    /// <summary>The tree searches' settings (<c>max_depth</c>, <c>step_tokens</c>, <c>balance_temperature</c>, <c>exploration</c>, <c>expansion_width</c>).</summary>
    public SearchOptions Search { get; init; } = new();

    /// <summary>Whether <see cref="Mode"/> is one of the <see cref="RewardModes"/>.</summary>
    public bool IsRewardMode => RewardModes.Contains(Mode);

    /// <summary>
    /// The policy that runs: <see cref="Policy"/> when set, else the mode's default. <c>sc</c>: <c>settle</c>.
    /// <c>rebase</c> and <c>mcts</c>: the paper's Table 1 static policy for the program (Rebase/GSM8K: at 16 solutions stop
    /// when the entropy certaindex reaches 0.85 and the best reward 0.99; MCTS/ASDiv: at 3 iterations stop when the mean
    /// reward reaches 0.4), the detect point lowered to the cap when the cap is smaller. <c>bon</c> and <c>wsc</c>, for
    /// which the paper gives no setting: Baseline-even, every sample up to <see cref="MaxSamples"/> at once.
    /// </summary>
    public string EffectivePolicy => Policy ?? Mode switch
    {
        "rebase" => $"static:detect={Math.Min(16, Width)},threshold=0.85,max_reward=0.99",
        "mcts" => $"static:detect={Math.Min(3, Iterations)},threshold=0,reward=0.4",
        "bon" or "wsc" => $"sc:n={MaxSamples}",
        _ => "settle",
    };

    /// <summary>The fields a <c>dynasor</c> object may have.</summary>
    public static IReadOnlyList<string> Fields { get; } =
    [
        "mode", "effort", "probe_interval", "window", "probe_max_tokens", "probe_tail_tokens", "policy", "max_samples", "deadline_ms",
        "width", "iterations", "max_depth", "step_tokens", "balance_temperature", "exploration", "expansion_width",
    ];

    /// <summary>
    /// These settings with the fields of <paramref name="json"/> (a <c>dynasor</c> object) laid over them.
    /// Throws <see cref="OpenAiException"/> (400) naming the field for a wrong type, an unknown field or an out-of-range value.
    /// </summary>
    public DynasorSettings Merge(JsonElement json, string path = "dynasor")
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw OpenAiException.Invalid($"'{path}' must be an object like {{\"mode\":\"cot\"}}.", path, "invalid_type");
        var result = this;
        foreach (var field in json.EnumerateObject())
        {
            var name = $"{path}.{field.Name}";
            var v = field.Value;
            var search = result.Search;
            result = field.Name switch
            {
                "mode" => result with { Mode = OneOf(JsonFields.String(v, name), Modes, name) },
                "effort" => result with { Effort = OneOf(JsonFields.String(v, name), Efforts, name) },
                "probe_interval" => result with { ProbeInterval = JsonFields.Int(v, name, 1, CotOptions.MaxProbeInterval) },
                "window" => result with { Window = JsonFields.Int(v, name, 1, CotOptions.MaxWindow) },
                "probe_max_tokens" => result with { ProbeMaxTokens = JsonFields.Int(v, name, 1, CotOptions.MaxProbeTokens) },
                "policy" => result with { Policy = PolicySpec(JsonFields.String(v, name), name) },
                "max_samples" => result with { MaxSamples = JsonFields.Int(v, name, 1, Programs.ScOptions.MaxSamplesLimit) },
                "deadline_ms" => result with { DeadlineMs = JsonFields.Int(v, name, 1, 86_400_000) },
                "probe_tail_tokens" => result with { ProbeTailTokens = JsonFields.Int(v, name, 0, CotOptions.MaxProbeTokens) },
                "width" => result with { Width = JsonFields.Int(v, name, 1, SearchOptions.MaxCap) },
                "iterations" => result with { Iterations = JsonFields.Int(v, name, 1, SearchOptions.MaxCap) },
                // The ranges are SearchOptions.Validate's.
                "max_depth" => result with { Search = search with { MaxDepth = JsonFields.Int(v, name, 1, 100) } },
                "step_tokens" => result with { Search = search with { StepTokens = JsonFields.Int(v, name, 1, 32768) } },
                "balance_temperature" => result with { Search = search with { BalanceTemperature = JsonFields.Double(v, name, 0.01, 100) } },
                "exploration" => result with { Search = search with { Exploration = JsonFields.Double(v, name, 0, 100) } },
                "expansion_width" => result with { Search = search with { ExpansionWidth = JsonFields.Int(v, name, 1, 64) } },
                _ => throw OpenAiException.Invalid($"Unknown field '{name}'; known: {string.Join(", ", Fields)}.", name, "unknown_parameter"),
            };
        }
        return result;
    }

    private static string OneOf(string value, IReadOnlyList<string> known, string name) =>
        known.Contains(value)
            ? value
            : throw OpenAiException.Invalid($"Unknown value '{value}' for '{name}'; use one of: {string.Join(", ", known)}.", name);

    // '@NAME' names a calibrated policy file in the server's policy directory; a path could reach any file on the server.
    private static string PolicySpec(string value, string name)
    {
        if (value.Length == 0)
            throw OpenAiException.Invalid($"'{name}' must not be empty; give a policy spec such as 'ac:confidence=0.95'.", name);
        if (value.StartsWith('@') && (value.Length == 1 || value.IndexOfAny(['/', '\\']) >= 0 || value.Contains("..", StringComparison.Ordinal)))
            throw OpenAiException.Invalid($"'{name}' '{value}' must be '@FILE' with a bare file name from the server's policy_dir, not a path.", name);
        return value;
    }
}
