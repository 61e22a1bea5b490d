using System.Text.Json;
using Dynasor.Cot;
using Dynasor.Programs;

namespace Dynasor.Extensions.AI;

/// <summary>
/// Reads a request's own settings from <c>ChatOptions.AdditionalProperties["dynasor"]</c>, with the server's names and ranges
/// (<c>mode</c>, <c>effort</c>, <c>probe_interval</c>, <c>window</c>, <c>probe_max_tokens</c>, <c>probe_tail_tokens</c>,
/// <c>policy</c>, <c>max_samples</c>), and lays them over the client's <see cref="DynasorChatOptions"/>. The value may be a
/// <see cref="JsonElement"/>, a JSON string, a dictionary or any object that serialises to a JSON object
/// (<c>new { mode = "cot", effort = "high" }</c>).
/// </summary>
public static class DynasorRequestSettings
{
    /// <summary>The key in <c>ChatOptions.AdditionalProperties</c>; removed before the inner client sees the options.</summary>
    public const string Key = "dynasor";

    /// <summary>The names a request may set.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["mode", "effort", "probe_interval", "window", "probe_max_tokens", "probe_tail_tokens", "policy", "max_samples"];

    /// <summary><paramref name="defaults"/> with the request's settings laid over them, field by field.</summary>
    /// <exception cref="ArgumentException">A setting has the wrong type, an unknown name or an out-of-range value; the message names it and the fix.</exception>
    public static DynasorChatOptions Merge(DynasorChatOptions defaults, object? value)
    {
        if (value is null)
            return defaults;
        var json = value switch
        {
            JsonElement element => element,
            string text => Parse(text),
            _ => JsonSerializer.SerializeToElement(value, value.GetType()),
        };
        if (json.ValueKind != JsonValueKind.Object)
            throw new ArgumentException($"AdditionalProperties[\"{Key}\"] must be an object like {{\"mode\":\"cot\"}}, not {json.ValueKind}");
        var result = defaults;
        foreach (var field in json.EnumerateObject())
        {
            var name = $"{Key}.{field.Name}";
            var v = field.Value;
            result = field.Name switch
            {
                "mode" => result with { Mode = Mode(String(v, name), name) },
                "effort" => result with { Effort = Effort(String(v, name), name) },
                "probe_interval" => result with { ProbeInterval = Int(v, name, 1, CotOptions.MaxProbeInterval) },
                "window" => result with { Window = Int(v, name, 1, CotOptions.MaxWindow) },
                "probe_max_tokens" => result with { ProbeMaxTokens = Int(v, name, 1, CotOptions.MaxProbeTokens) },
                "probe_tail_tokens" => result with { ProbeTailTokens = Int(v, name, 0, CotOptions.MaxProbeTokens) },
                "policy" => result with { Policy = Policy(String(v, name), name, defaults.PolicyDirectory) },
                "max_samples" => result with { MaxSamples = Int(v, name, 1, ScOptions.MaxSamplesLimit) },
                "deadline_ms" => throw new ArgumentException(
                    $"'{name}' orders programs in the Dynasor server's scheduler; the middleware runs every request at once, so it would have no effect: leave it out"),
                _ => throw new ArgumentException($"Unknown setting '{name}'; known: {string.Join(", ", Names)}"),
            };
        }
        return result;
    }

    private static JsonElement Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"AdditionalProperties[\"{Key}\"] is a string that is not JSON ({e.Message}); give an object like {{\"mode\":\"cot\"}}", e);
        }
    }

    private static string String(JsonElement v, string name) => v.ValueKind == JsonValueKind.String
        ? v.GetString()!
        : throw new ArgumentException($"'{name}' must be a string, not {v.ValueKind}");

    private static int Int(JsonElement v, string name, int min, int max) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"'{name}' {v.GetRawText()} is invalid; use a whole number in {min}..{max}");

    private static DynasorMode Mode(string value, string name) => value switch
    {
        "off" => DynasorMode.Off,
        "cot" => DynasorMode.Cot,
        "sc" => DynasorMode.Sc,
        _ => throw new ArgumentException($"Unknown value '{value}' for '{name}'; use one of: off, cot, sc"),
    };

    private static string Effort(string value, string name) => CotOptions.Efforts.Any(e => e.Name == value)
        ? value
        : throw new ArgumentException($"Unknown value '{value}' for '{name}'; use one of: {string.Join(", ", CotOptions.Efforts.Select(e => e.Name))}");

    // A request names a policy file only by its bare name in the configured directory, as the server's policy_dir: a path
    // from a request could read any file the process can.
    private static string Policy(string value, string name, string? directory)
    {
        if (value.Length == 0)
            throw new ArgumentException($"'{name}' must not be empty; give a policy spec such as 'ac:confidence=0.95'");
        if (!value.StartsWith('@'))
            return value;
        if (directory is null)
            throw new ArgumentException($"'{name}' '{value}' names a policy file, but the client has no PolicyDirectory; set DynasorChatOptions.PolicyDirectory or give a spec");
        if (value.Length == 1 || value.IndexOfAny(['/', '\\']) >= 0 || value.Contains("..", StringComparison.Ordinal))
            throw new ArgumentException($"'{name}' '{value}' must be '@FILE' with a bare file name from the PolicyDirectory, not a path");
        return "@" + Path.Combine(directory, value[1..]);
    }
}
