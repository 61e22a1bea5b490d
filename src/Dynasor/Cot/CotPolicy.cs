using System.Globalization;
using Dynasor.Policies;

namespace Dynasor.Cot;

/// <summary>
/// An exit rule of Dynasor-CoT evaluated offline over recorded probes (<see cref="CotReplayer"/>): an effort preset
/// (<c>mid</c> = k 3, T 64), a custom window and interval (<c>cot:window=4,interval=128</c>), either with a probe-consistency
/// certaindex threshold (<c>mid:threshold=0.67</c>: exit once that fraction of the last k probes agree with the latest),
/// or <c>live</c>: each chain's own recorded k and T, to check the offline rule against what the server did.
/// </summary>
/// <param name="Name">The preset, <c>cot</c> for a custom rule, or <c>live</c>.</param>
/// <param name="Window">k (ignored for <c>live</c>).</param>
/// <param name="ProbeInterval">T in tokens (ignored for <c>live</c>).</param>
/// <param name="Threshold">Certaindex at which to exit, in (0, 1]; 1 is the live rule (the last k probes all agree).</param>
public sealed record CotPolicy(string Name, int Window, int ProbeInterval, double Threshold = 1)
{
    /// <summary>The name that replays each chain with the settings it was served with.</summary>
    public const string Live = "live";

    /// <summary>True for <c>live</c>.</summary>
    public bool IsLive => Name == Live;

    /// <summary>The five effort presets, mildest first: what <c>replay --mode cot</c> runs when no policy is named.</summary>
    public static IReadOnlyList<CotPolicy> Presets { get; } = CotOptions.Efforts.Select(e => new CotPolicy(e.Name, e.Window, e.ProbeInterval)).ToList();

    /// <summary>
    /// Parses <c>mild|low|mid|high|crazy</c>, <c>live</c>, or <c>cot:window=K,interval=T</c>, each but <c>live</c> optionally
    /// with <c>window</c>, <c>interval</c> and <c>threshold</c> overridden.
    /// </summary>
    /// <exception cref="PolicySpecException">Unknown name or parameter, or a value out of range; the message names it and the fix.</exception>
    public static CotPolicy Parse(string text)
    {
        var spec = PolicySpec.Parse(text);
        if (spec.Name == Live)
        {
            if (spec.Parameters.Count > 0)
                throw new PolicySpecException($"cot policy '{text}': live replays each chain with its own recorded settings and takes no parameters; name a preset or cot:window=K,interval=T to change them");
            return new CotPolicy(Live, 0, 0);
        }
        var preset = spec.Name == "cot" ? Presets.First(p => p.Name == "mid") with { Name = "cot" } : Presets.FirstOrDefault(p => p.Name == spec.Name)
            ?? throw new PolicySpecException($"cot policy '{spec.Name}' is unknown; use an effort preset ({string.Join(", ", Presets.Select(p => p.Name))}), live, or cot:window=K,interval=T[,threshold=X]");
        foreach (var key in spec.Parameters.Keys.Where(k => k is not ("window" or "interval" or "threshold")))
            throw new PolicySpecException($"cot policy '{text}' has no parameter '{key}'; use window (k), interval (T) and threshold (certaindex, 1 = all k agree)");
        return preset with
        {
            Window = Int(spec, "window", preset.Window, 1, CotOptions.MaxWindow),
            ProbeInterval = Int(spec, "interval", preset.ProbeInterval, 1, CotOptions.MaxProbeInterval),
            Threshold = ParseThreshold(spec, text),
        };
    }

    /// <summary>The label reports show: <c>mid (k=3, T=64)</c>, with the threshold when it is below 1.</summary>
    public override string ToString() => IsLive
        ? "live (each chain's own k, T)"
        : string.Create(CultureInfo.InvariantCulture, $"{Name} (k={Window}, T={ProbeInterval}{(Threshold < 1 ? $", certaindex>={Threshold:0.###}" : "")})");

    private static int Int(PolicySpec spec, string key, int fallback, int min, int max)
    {
        if (!spec.Parameters.TryGetValue(key, out var text))
            return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new PolicySpecException($"cot policy '{spec}': {key}={text} is invalid; use a whole number from {min} to {max}");
    }

    private static double ParseThreshold(PolicySpec spec, string text)
    {
        if (!spec.Parameters.TryGetValue("threshold", out var value))
            return 1;
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t > 0 && t <= 1
            ? t
            : throw new PolicySpecException($"cot policy '{text}': threshold={value} is invalid; use a certaindex in (0, 1], for example 0.67 (1 exits only when all k probes agree)");
    }
}
