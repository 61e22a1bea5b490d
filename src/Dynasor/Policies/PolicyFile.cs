using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dynasor.Policies;

/// <summary>
/// A calibrated policy as <c>dynasor calibrate</c> writes it: the spec to serve with and the evidence for it.
/// <c>replay --policy @FILE</c> (and the server) accept it.
/// </summary>
public sealed record PolicyFile
{
    /// <summary>The spec to run, e.g. <c>settle:after=16,lead=3,share=0.3</c>.</summary>
    [JsonPropertyName("spec")] public required string Spec { get; init; }

    [JsonPropertyName("family")] public string? Family { get; init; }

    /// <summary>The program the policy was calibrated under (<c>sc</c>, <c>wsc</c>, <c>bon</c>); replay it with the same <c>--program</c>.</summary>
    [JsonPropertyName("program")] public string? Program { get; init; }

    [JsonPropertyName("trace")] public string? Trace { get; init; }

    [JsonPropertyName("epsilon")] public double? Epsilon { get; init; }

    [JsonPropertyName("split")] public double? Split { get; init; }

    /// <summary>Set when the held-out figures come from cross-validation over this many folds (then <see cref="Split"/> is not).</summary>
    [JsonPropertyName("folds")] public int? Folds { get; init; }

    [JsonPropertyName("seed")] public int? Seed { get; init; }

    /// <summary>Set when the figures come from a replay that drew samples with replacement.</summary>
    [JsonPropertyName("resample")] public bool? Resample { get; init; }

    /// <summary>Metrics of the chosen policy and the SC@cap baseline on the calibration split.</summary>
    [JsonPropertyName("calibration")] public JsonElement? Calibration { get; init; }

    /// <summary>The same on the held-out split, which played no part in the choice (with folds: every fold pooled, each scored by the choice made without it).</summary>
    [JsonPropertyName("holdout")] public JsonElement? Holdout { get; init; }

    /// <summary>The held-out loss against SC@cap with its confidence bound, and whether it certified the choice or the anchor was served.</summary>
    [JsonPropertyName("certification")] public JsonElement? Certification { get; init; }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Reads a policy file; errors name the file and the fix.</summary>
    public static PolicyFile Load(string path)
    {
        if (Directory.Exists(path))
            throw new PolicySpecException($"policy file '{path}' is a directory; pass a policy .json file written by dynasor calibrate --out");
        if (!File.Exists(path))
            throw new PolicySpecException($"policy file '{path}' does not exist; write one with: dynasor calibrate --out {path}");
        try
        {
            var file = JsonSerializer.Deserialize<PolicyFile>(File.ReadAllText(path), Options);
            if (file is null || string.IsNullOrWhiteSpace(file.Spec))
                throw new PolicySpecException($"policy file '{path}' has no \"spec\"; it must be a JSON object like {{\"spec\":\"ac:confidence=0.95\"}}");
            if (file.Spec.StartsWith('@'))
                throw new PolicySpecException($"policy file '{path}': its spec may not point at another file");
            return file;
        }
        catch (JsonException e)
        {
            throw new PolicySpecException($"policy file '{path}' is not valid JSON ({e.Message}); it must be a JSON object like {{\"spec\":\"ac:confidence=0.95\"}}");
        }
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Options) + "\n");
}
