using System.Globalization;

namespace Dynasor.Policies;

/// <summary>
/// Every allocation policy by name, with a line on each one's trade-off. Specs are <c>name</c> or
/// <c>name:key=value,...</c>; <c>@FILE</c> reads a policy file written by <c>dynasor calibrate</c>.
/// </summary>
public static class PolicyCatalog
{
    internal const string BatchName = "batch";

    public static IReadOnlyList<PolicyFamily> Families { get; } =
    [
        new("sc", "Baseline-even (SC@n): every question gets n samples. Simple, and wasteful on easy questions.",
            [new("n", "40", "samples per question, 1..1000 (clamped to the cap)")],
            (a, _) => new EvenPolicy(a.Int("n", 1, 1000)),
            s => Enumerable.Range(1, s.Cap).Select(n => $"sc:n={n}"),
            s => new[] { 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 25, 30, 40 }.Where(n => n <= s.Cap).Select(n => $"sc:n={n}")),
        new("length", "Baseline-length: after detect samples, stop questions whose output so far exceeds max_tokens. Ignores the answers.",
            [new("detect", "5", "samples before the check, 1..1000"), new("max_tokens", "2000", "cumulative output tokens above which a question stops, 1..10^9")],
            (a, _) => new LengthPolicy(a.Int("detect", 1, 1000), a.Int("max_tokens", 1, 1_000_000_000)),
            s => from d in new[] { 2, 3, 5, 8 }
                 from f in new[] { 0.75, 1.0, 1.25, 1.5, 2, 3, 5 }
                 select $"length:detect={d},max_tokens={(int)Math.Ceiling(d * s.MeanTokensPerSample * f)}",
            s => new[] { 0.5, 0.75, 1.0, 1.5, 2, 3, 5, 10 }.Select(f => $"length:detect=5,max_tokens={(int)Math.Ceiling(5 * s.MeanTokensPerSample * f)}")),
        new("static", "The paper's static threshold: at detect samples stop if certaindex >= threshold, else run to the cap.",
            [new("detect", "5", "samples before the check, 1..1000"), new("threshold", "0.7", "entropy certaindex to stop, 0..1"),
             new("reward", "0", "also require mean reward >= this, 0..1 (0: off)"), new("max_reward", "", "also require max reward >= this, 0..1 (off when left out)"),
             new("share", "", "also require the reward-weighted vote share of the answer >= this, 0..1 (off when left out)")],
            (a, _) => new ThresholdPolicy(a.Int("detect", 1, 1000), 0, Gate(a)),
            CertaindexGrids.StaticGrid,
            CertaindexGrids.StaticSweep),
        new("stepped", "Threshold every s steps: like static, but a question that fails is re-checked after every `every` more samples.",
            [new("detect", "5", "samples before the first check, 1..1000"), new("every", "5", "samples between checks, 1..1000"),
             new("threshold", "0.7", "entropy certaindex to stop, 0..1"), new("reward", "0", "also require mean reward >= this, 0..1 (0: off)"),
             new("max_reward", "", "also require max reward >= this, 0..1 (off when left out)"), new("share", "", "also require the reward-weighted vote share >= this, 0..1 (off when left out)")],
            (a, _) => new ThresholdPolicy(a.Int("detect", 1, 1000), a.Int("every", 1, 1000), Gate(a)),
            CertaindexGrids.SteppedGrid,
            CertaindexGrids.SteppedSweep),
        new("curve", "Curve-fitted: certaindex at detect picks a fitted remaining budget. Needs fitting: dynasor calibrate --family curve.",
            [new("detect", "5", "samples before the lookup, 1..1000"), new("edges", "", "ascending certaindex bucket edges, '|'-separated"),
             new("extra", "", "samples granted per bucket (one more than edges), '|'-separated")],
            (a, spec) => CreateCurve(a, spec),
            _ => [],
            _ => []),
        new("dcurve", "Dynamic curve fit: a fitted table of remaining budget per (samples so far, certaindex bucket), looked up after every grant. Needs fitting: dynasor calibrate --family dcurve.",
            [new("detect", "5", "samples before the first lookup, 1..1000"), new("edges", "", "ascending certaindex bucket edges, '|'-separated"),
             new("extra", "", "samples granted per bucket (one more than edges, '|'-separated), one row per step from detect on, rows ';'-separated")],
            (a, spec) => CreateDynamicCurve(a, spec),
            _ => [],
            _ => []),
        new("terminate", "Early termination: run to the cap, but stop questions still below a certaindex after `after` samples (hopeless). Reads the program's own certaindex (max reward under bon).",
            [new("after", "10", "samples before the check, 1..1000"), new("below", "0.2", "certaindex under which a question is hopeless, 0..1")],
            (a, _) => new TerminatePolicy(a.Int("after", 1, 1000), a.Double("below", 0, 1)),
            CertaindexGrids.TerminateGrid,
            CertaindexGrids.TerminateSweep),
        new("esc", "Early-stopping SC (Li et al. 2024): sample in windows, stop at the first window whose answers all agree.",
            [new("window", "5", "samples per window, 1..1000")],
            (a, _) => new EscPolicy(a.Int("window", 1, 1000)),
            s => Enumerable.Range(2, 9).Where(w => w <= s.Cap).Select(w => $"esc:window={w}"),
            s => Enumerable.Range(2, 9).Where(w => w <= s.Cap).Select(w => $"esc:window={w}")),
        new("ac", "Adaptive-Consistency (Aggarwal et al. 2023): stop when P(leader beats runner-up) under a Beta posterior reaches confidence.",
            [new("confidence", "0.95", "posterior probability to stop, 0.5..1")],
            (a, _) => new AdaptiveConsistencyPolicy(a.Double("confidence", 0.5, 1)),
            _ => new[] { 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99 }.Select(c => $"ac:confidence={Num(c)}"),
            _ => new[] { 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99, 0.995 }.Select(c => $"ac:confidence={Num(c)}")),
        new("settle", "Dynasor sequential: stop once the vote is settled (unanimous start, lead, or Beta posterior); cut hopeless questions whose leader holds < share after `after` samples. Each wave is the fewest samples that could settle it, so the first is usually 2.",
            [new("unanimous", "2", "stop when the first this-many votes all agree, 1..1000"), new("lead", "0", "stop when the leader is this many votes ahead, 0..1000 (0: off)"),
             new("confidence", "0.9", "stop when P(leader beats runner-up) reaches this, 0.5..1"),
             new("after", "16", "samples before the hopeless cut, 1..1000"), new("share", "0.3", "leader's share of votes under which a question is hopeless, 0..1 (0: never cut)")],
            (a, _) => new SettlePolicy(a.Int("unanimous", 1, 1000), a.Int("lead", 0, 1000), a.Double("confidence", 0.5, 1), a.Int("after", 1, 1000), a.Double("share", 0, 1)),
            s => from u in new[] { 2, 3, 4 }
                 from l in new[] { 0, 3 }
                 from c in new[] { 0.8, 0.85, 0.9, 0.95 }
                 from n in new[] { 12, 16, 20, s.Cap }
                 from sh in n < s.Cap ? new[] { 0.25, 0.3, 0.35 } : new[] { 0.0 }
                 select $"settle:after={n},confidence={Num(c)},lead={l},share={Num(sh)},unanimous={u}",
            s => new[] { 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99 }.Select(c => $"settle:confidence={Num(c)}")),
        new(BatchName, "Batch allocator: under a global token budget, each next sample goes to the question with the highest expected accuracy gain per token.",
            [new("budget", "0", "mean output tokens per question the batch may spend (0: 4 mean-length samples, shown resolved in results), >= 0"),
             new("initial", "1", "samples every question gets first, 1..1000")],
            (a, _) => { a.Double("budget", 0, 1e12); a.Int("initial", 1, 1000); return null; },
            // Budgets in steps of a quarter of a mean-length sample per question, resolved to tokens on the calibration split.
            s => Enumerable.Range(5, 44).Select(q => $"batch:budget={Math.Ceiling(q / 4.0 * s.MeanTokensPerSample)}"),
            // Up to the cap, as the other families' sweeps reach it.
            s => new[] { 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 12, 16, 24, 32 }.Where(f => f < s.Cap).Select(f => $"batch:budget={Math.Ceiling(f * s.MeanTokensPerSample)}")),
    ];

    /// <summary>The family called <paramref name="name"/>; throws <see cref="PolicySpecException"/> listing the known names.</summary>
    public static PolicyFamily Family(string name) =>
        Families.FirstOrDefault(f => f.Name == name)
        ?? throw new PolicySpecException($"unknown policy '{name}'; known policies: {string.Join(", ", Families.Select(f => f.Name))} (see dynasor replay --list-policies)");

    /// <summary>
    /// Resolves <c>@FILE</c> to the spec inside the policy file, parses, validates every parameter, and returns the
    /// canonical spec: every declared parameter written out, defaults filled in (<c>ac</c> becomes <c>ac:confidence=0.95</c>).
    /// </summary>
    public static PolicySpec Parse(string text)
    {
        if (text.StartsWith('@'))
            text = PolicyFile.Load(text[1..]).Spec;
        var spec = PolicySpec.Parse(text);
        var family = Family(spec.Name);
        family.Validate(spec);
        var full = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in family.Parameters)
        {
            var value = spec.Parameters.TryGetValue(p.Name, out var v) ? v : p.Default;
            if (value.Length > 0)
                full[p.Name] = value;
        }
        return new PolicySpec(spec.Name, full);
    }

    /// <summary>Builds the per-program policy of a spec. Throws for the batch allocator, which is not per program.</summary>
    public static IAllocationPolicy Create(PolicySpec spec) =>
        Family(spec.Name).Create(spec)
        ?? throw new PolicySpecException($"policy '{spec.Name}' allocates across a batch and cannot run one program alone");

    /// <summary>
    /// Batch allocator settings of a batch spec: the token budget per question (resolved against the trace: 0 is four
    /// mean-length samples, rounded up to a whole token) and initial samples.
    /// </summary>
    public static (double BudgetPerQuestion, int Initial) BatchSettings(PolicySpec spec, TraceShape shape)
    {
        var a = new PolicyArguments(spec, Family(BatchName).Parameters);
        var budget = a.Double("budget", 0, 1e12);
        return (budget > 0 ? budget : Math.Ceiling(4 * shape.MeanTokensPerSample), a.Int("initial", 1, 1000));
    }

    /// <summary>
    /// The canonical spec as it runs on a trace of <paramref name="shape"/>, so a result's label says what ran:
    /// <c>sc</c>'s n no larger than the samples a question can have there, and the batch allocator's default budget
    /// (0) as the tokens it stands for. Running the resolved spec gives the same result as running the spec.
    /// </summary>
    public static PolicySpec Resolve(PolicySpec spec, TraceShape shape)
    {
        var parameters = new SortedDictionary<string, string>(spec.Parameters.ToDictionary(), StringComparer.Ordinal);
        if (spec.Name == "sc" && parameters.TryGetValue("n", out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > shape.Cap)
            parameters["n"] = Num(shape.Cap);
        else if (spec.Name == BatchName)
            parameters["budget"] = PolicySpec.Format(BatchSettings(spec, shape).BudgetPerQuestion);
        else
            return spec;
        return new PolicySpec(spec.Name, parameters);
    }

    private static CertaindexGate Gate(PolicyArguments a)
    {
        var reward = a.Double("reward", 0, 1);
        return new CertaindexGate(a.Double("threshold", 0, 1), reward > 0 ? reward : null, a.OptionalPositive("max_reward", 0, 1), a.OptionalPositive("share", 0, 1));
    }

    /// <summary>
    /// Whether a spec's policy reads rewards whatever the program: a <c>static</c> or <c>stepped</c> spec with a reward
    /// threshold (<c>reward</c>, <c>max_reward</c>, <c>share</c>). Such a spec needs rewards on every sample of a trace.
    /// </summary>
    public static bool ReadsRewards(PolicySpec spec) =>
        spec.Name is "static" or "stepped"
        && new[] { "reward", "max_reward", "share" }.Any(p => spec.Parameters.TryGetValue(p, out var v)
            && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0);

    private static IAllocationPolicy CreateDynamicCurve(PolicyArguments a, PolicySpec spec)
    {
        var edges = Edges(a, spec, "dcurve");
        if (a.Text("extra").Length == 0)
            throw new PolicySpecException("policy 'dcurve' needs its fitted table in 'extra' (rows of remaining samples per bucket); fit one with: dynasor calibrate --family dcurve");
        var rows = a.Text("extra").Split(';');
        var extra = new int[rows.Length][];
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r].Split('|');
            if (rows[r].Length == 0 || row.Length != edges.Length + 1)
                throw new PolicySpecException($"policy 'dcurve': row {r + 1} of 'extra' needs {edges.Length + 1} entries (one more than edges), got '{rows[r]}'; fit one with: dynasor calibrate --family dcurve");
            extra[r] = new int[row.Length];
            for (var b = 0; b < row.Length; b++)
            {
                if (!int.TryParse(row[b], NumberStyles.Integer, CultureInfo.InvariantCulture, out extra[r][b]) || extra[r][b] is < 0 or > 1_000_000)
                    throw new PolicySpecException($"policy 'dcurve': extra entry '{row[b]}' in row {r + 1} is invalid; use whole numbers of samples from 0 to 1000000");
            }
        }
        return new DynamicCurvePolicy(a.Int("detect", 1, 1000), edges, extra);
    }

    private static double[] Edges(PolicyArguments a, PolicySpec spec, string family)
    {
        var edges = a.Doubles("edges", 0, 1);
        for (var i = 1; i < edges.Length; i++)
        {
            if (edges[i] <= edges[i - 1])
                throw new PolicySpecException($"policy '{family}': edges must ascend, got {spec.Parameters["edges"]}");
        }
        return edges;
    }

    private static IAllocationPolicy CreateCurve(PolicyArguments a, PolicySpec spec)
    {
        var edges = Edges(a, spec, "curve");
        var extra = a.Doubles("extra", 0, 1_000_000);
        if (extra.Length != edges.Length + 1)
            throw new PolicySpecException($"policy 'curve' needs one more 'extra' entry than 'edges' (got {edges.Length} edges, {extra.Length} extras); fit one with: dynasor calibrate --family curve");
        return new CurvePolicy(a.Int("detect", 1, 1000), edges, extra);
    }

    private static string Num(double v) => v.ToString(CultureInfo.InvariantCulture);
}
