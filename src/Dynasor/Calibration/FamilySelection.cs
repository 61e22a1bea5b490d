using System.Globalization;
using Dynasor.Policies;

namespace Dynasor.Calibration;

/// <summary>
/// What a calibration searches, as <c>calibrate --family</c> writes it: one family (<c>static</c>), one family with some
/// parameters pinned (<c>stepped:every=5</c> searches only the stepped candidates that re-check every 5 samples;
/// <c>curve:detect=5</c> fits at detect 5 only), or <see cref="Calibrator.Best"/> / <see cref="Calibrator.BestLive"/>.
/// </summary>
public sealed class FamilySelection
{
    private const string DynamicCurve = "dcurve";
    private static readonly int[] FittedDetects = [2, 3, 5, 8];

    private FamilySelection(string text, IReadOnlyList<PolicyFamily> families, IReadOnlyDictionary<string, string> pins)
    {
        Text = text;
        Families = families;
        Pins = pins;
    }

    /// <summary>The selection as given, lower-case (the name calibration results carry).</summary>
    public string Text { get; }

    /// <summary>The families searched.</summary>
    public IReadOnlyList<PolicyFamily> Families { get; }

    /// <summary>Parameters every candidate must have, by name; empty when nothing is pinned.</summary>
    public IReadOnlyDictionary<string, string> Pins { get; }

    /// <summary>Whether this is <c>best</c> or <c>best-live</c>, which keep every family's winner.</summary>
    public bool IsBest => Text is Calibrator.Best or Calibrator.BestLive;

    /// <summary>Parses a selection; throws <see cref="PolicySpecException"/> naming an unknown family or parameter.</summary>
    public static FamilySelection Parse(string text)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        // best and best-live leave out the dynamic curve: its per-step table did not beat the static threshold held out
        // (docs/reward-replay.md, Table 4 analogue) and it is the costliest fit; calibrate it by name (--family dcurve).
        if (trimmed == Calibrator.Best)
            return new(trimmed, PolicyCatalog.Families.Where(f => f.Name != DynamicCurve).ToList(), new Dictionary<string, string>());
        if (trimmed == Calibrator.BestLive)
            return new(trimmed, PolicyCatalog.Families.Where(f => !f.IsBatch && f.Name != DynamicCurve).ToList(), new Dictionary<string, string>());
        var spec = PolicySpec.Parse(trimmed);
        var family = PolicyCatalog.Family(spec.Name);
        foreach (var key in spec.Parameters.Keys)
        {
            if (!family.Parameters.Any(p => p.Name == key))
                throw new PolicySpecException($"family '{trimmed}': policy '{family.Name}' has no parameter '{key}' to pin (known: {string.Join(", ", family.Parameters.Select(p => p.Name))})");
            if (family.IsFitted && key != "detect")
                throw new PolicySpecException($"family '{trimmed}': a fitted family can pin only 'detect' (its table is what calibration fits)");
        }
        if (family.IsFitted && spec.Parameters.TryGetValue("detect", out var d) && !int.TryParse(d, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            throw new PolicySpecException($"family '{trimmed}': detect={d} is invalid; pin a whole number of samples, for example {family.Name}:detect=5");
        return new(trimmed, [family], spec.Parameters);
    }

    /// <summary>
    /// This selection under SC@cap-vote labels: <c>best</c> and <c>best-live</c> search only <see cref="VoteLabels.Families"/>;
    /// a single family outside them is refused, saying why.
    /// </summary>
    /// <exception cref="PolicySpecException">A named family cannot be judged against SC@cap's vote.</exception>
    public FamilySelection ForVoteLabels()
    {
        if (IsBest)
            return new(Text, Families.Where(f => VoteLabels.Families.Contains(f.Name)).ToList(), Pins);
        var family = Families[0].Name;
        return VoteLabels.Families.Contains(family)
            ? this
            : throw new PolicySpecException($"family '{family}' cannot be calibrated without gold answers: {VoteLabels.WhyNot(family)}; against SC@cap's own vote calibrate {string.Join(", ", VoteLabels.Families.Skip(1))} or best");
    }

    /// <summary>
    /// The candidates of <paramref name="family"/> this selection searches on a trace of <paramref name="shape"/>, each
    /// built when evaluated (<paramref name="fit"/> fits a fitted family at a detect step then). Throws <see cref="ArgumentException"/> when pins leave none.
    /// </summary>
    internal IReadOnlyList<Func<PolicySpec>> Candidates(PolicyFamily family, Func<string, int, PolicySpec> fit, TraceShape shape)
    {
        if (family.IsFitted)
        {
            var detects = Pins.TryGetValue("detect", out var pinned)
                ? [int.Parse(pinned, NumberStyles.Integer, CultureInfo.InvariantCulture)]
                : FittedDetects.Where(d => d < shape.Cap).ToArray();
            return detects.Select(d => (Func<PolicySpec>)(() => fit(family.Name, d))).ToList();
        }
        var grid = family.CalibrationGrid(shape).Select(PolicyCatalog.Parse).ToList();
        var kept = grid.Where(Matches).ToList();
        if (kept.Count == 0 && grid.Count > 0)
        {
            var (key, value) = Pins.First(p => !grid.Any(g => Same(g, p.Key, p.Value)));
            var values = grid.Select(g => g.Parameters.GetValueOrDefault(key, "(none)")).Distinct().Order(StringComparer.Ordinal);
            throw new ArgumentException($"family '{Text}': no candidate of '{family.Name}' has {key}={value} together with the other pins (its grid has {key}={string.Join("|", values)}); pin values the grid has, or leave the pin out");
        }
        return kept.Select(s => (Func<PolicySpec>)(() => s)).ToList();
    }

    private bool Matches(PolicySpec spec) => Pins.All(p => Same(spec, p.Key, p.Value));

    // Pinned and candidate values compare as numbers when both are (every=5 matches every=5.0), else as text.
    private static bool Same(PolicySpec spec, string key, string pinned)
    {
        if (!spec.Parameters.TryGetValue(key, out var value))
            return false;
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(pinned, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            ? a == b
            : value == pinned;
    }
}
