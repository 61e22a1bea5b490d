using System.Text.Json;
using Dynasor.Cot;

namespace Dynasor.Server.OpenAi;

/// <summary>
/// The per-request <c>dynasor</c> object: how Dynasor runs the request. The config file's <c>dynasor</c> object sets
/// the server defaults; a request's object overrides them field by field. Validated on every merge.
/// </summary>
/// <param name="Mode"><c>off</c> (plain pass-through), <c>cot</c> (Dynasor-CoT early exit) or <c>sc</c> (adaptive self-consistency).</param>
/// <param name="Effort">Dynasor-CoT preset: <c>mild</c>, <c>low</c>, <c>mid</c>, <c>high</c> or <c>crazy</c>.</param>
/// <param name="ProbeInterval">Tokens between probes (Dynasor-CoT), null for the effort's value.</param>
/// <param name="Window">Equal consecutive probe answers needed to exit (Dynasor-CoT), null for the effort's value.</param>
/// <param name="ProbeMaxTokens">Most tokens a probe may generate, null for the effort's value.</param>
/// <param name="Policy">Allocation policy spec for <c>sc</c> (e.g. <c>ac:confidence=0.95</c>), or <c>@FILE</c>: a calibrated policy file in the server's <c>policy_dir</c>.</param>
/// <param name="MaxSamples">Most self-consistency samples per request.</param>
/// <param name="ProbeTailTokens">Tokens a probe reads after its box closes (to see a hedge), null for the default.</param>
/// <param name="DeadlineMs">The request's deadline in milliseconds from its arrival, for deadline-aware schedulers (<c>slack</c>); null: none.</param>
public sealed record DynasorSettings(
    string Mode = "off",
    string Effort = "mid",
    int? ProbeInterval = null,
    int? Window = null,
    int? ProbeMaxTokens = null,
    string Policy = "settle",
    int MaxSamples = 40,
    int? DeadlineMs = null,
    int? ProbeTailTokens = null)
{
    /// <summary>The modes a request may ask for.</summary>
    public static IReadOnlyList<string> Modes { get; } = ["off", "cot", "sc"];

    /// <summary>The Dynasor-CoT effort presets.</summary>
    public static IReadOnlyList<string> Efforts { get; } = ["mild", "low", "mid", "high", "crazy"];

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
            result = field.Name switch
            {
                "mode" => result with { Mode = OneOf(JsonFields.String(field.Value, name), Modes, name) },
                "effort" => result with { Effort = OneOf(JsonFields.String(field.Value, name), Efforts, name) },
                "probe_interval" => result with { ProbeInterval = JsonFields.Int(field.Value, name, 1, CotOptions.MaxProbeInterval) },
                "window" => result with { Window = JsonFields.Int(field.Value, name, 1, CotOptions.MaxWindow) },
                "probe_max_tokens" => result with { ProbeMaxTokens = JsonFields.Int(field.Value, name, 1, CotOptions.MaxProbeTokens) },
                "policy" => result with { Policy = PolicySpec(JsonFields.String(field.Value, name), name) },
                "max_samples" => result with { MaxSamples = JsonFields.Int(field.Value, name, 1, Programs.ScOptions.MaxSamplesLimit) },
                "deadline_ms" => result with { DeadlineMs = JsonFields.Int(field.Value, name, 1, 86_400_000) },
                "probe_tail_tokens" => result with { ProbeTailTokens = JsonFields.Int(field.Value, name, 0, CotOptions.MaxProbeTokens) },
                _ => throw OpenAiException.Invalid(
                    $"Unknown field '{name}'; known: mode, effort, probe_interval, window, probe_max_tokens, probe_tail_tokens, policy, max_samples, deadline_ms.", name, "unknown_parameter"),
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
