namespace Dynasor.Cli.Commands;

/// <summary>
/// One row of <c>dynasor eval</c> over every seed run: means and spreads of its figures, its saving against its family's
/// baseline and its accuracy difference from it (both taken per seed, then summarised, so the spread is of the paired
/// difference), and for a policy row of a reward-guided program its saving at equal accuracy.
/// </summary>
/// <param name="Saving">1 - upstream tokens / the baseline's, per seed; positive when tokens were saved.</param>
/// <param name="AccuracyVsBaseline">Accuracy minus the baseline's, per seed.</param>
/// <param name="SavingAtEqualAccuracy">1 - upstream tokens / the tokens the even curve (the family's even rows' mean tokens
/// and accuracy, linearly interpolated between caps) needs for this row's mean accuracy; null for even rows, for
/// families without two even rows, and when the accuracy lies outside the curve (below the smallest cap's or above the best).</param>
internal sealed record EvalSummary(EvalLine First, EvalStat Accuracy, EvalStat UpstreamTokens, EvalStat CompletionTokens, EvalStat Saving,
    EvalStat AccuracyVsBaseline, double? SavingAtEqualAccuracy)
{
    /// <summary>Summarises runs of the same rows, one list per seed (the same settings in the same order each time).</summary>
    public static IReadOnlyList<EvalSummary> Of(IReadOnlyList<IReadOnlyList<EvalLine>> seeds)
    {
        var first = seeds[0];
        var rows = new List<EvalSummary>(first.Count);
        for (var i = 0; i < first.Count; i++)
        {
            var at = seeds.Select(lines => lines[i]).ToList();
            var baselines = seeds.Select(lines => lines.FirstOrDefault(l => l.Family == first[i].Family && l.Baseline)).ToList();
            var savings = at.Select((l, s) => baselines[s] is { UpstreamTokens: > 0 } b ? 1 - l.UpstreamTokens / b.UpstreamTokens : 0).ToList();
            var gaps = at.Select((l, s) => baselines[s] is { } b ? l.Accuracy - b.Accuracy : 0).ToList();
            rows.Add(new EvalSummary(Mean(at), EvalStat.Of(at.Select(l => l.Accuracy).ToList()), EvalStat.Of(at.Select(l => l.UpstreamTokens).ToList()),
                EvalStat.Of(at.Select(l => l.CompletionTokens).ToList()), EvalStat.Of(savings), EvalStat.Of(gaps), null));
        }
        return rows.Select(r => r with { SavingAtEqualAccuracy = AtEqualAccuracy(rows, r) }).ToList();
    }

    /// <summary>Tokens the piecewise-linear curve through <paramref name="curve"/> (accuracy, tokens; in cap order) needs to reach
    /// <paramref name="accuracy"/> first; null when it starts above it or never reaches it.</summary>
    public static double? TokensAt(IReadOnlyList<(double Accuracy, double Tokens)> curve, double accuracy)
    {
        if (curve.Count == 0 || accuracy < curve[0].Accuracy)
            return null;
        if (accuracy == curve[0].Accuracy)
            return curve[0].Tokens;
        for (var i = 1; i < curve.Count; i++)
        {
            var (a0, t0) = curve[i - 1];
            var (a1, t1) = curve[i];
            if (a1 >= accuracy && a0 < accuracy)
                return t0 + (accuracy - a0) / (a1 - a0) * (t1 - t0);
        }
        return null;
    }

    private static double? AtEqualAccuracy(IReadOnlyList<EvalSummary> rows, EvalSummary row)
    {
        if (row.First.Even)
            return null;
        var curve = rows.Where(r => r.First.Family == row.First.Family && r.First.Even).Select(r => (r.Accuracy.Mean, r.UpstreamTokens.Mean)).ToList();
        if (curve.Count < 2 || TokensAt(curve, row.Accuracy.Mean) is not { } tokens || tokens <= 0)
            return null;
        return 1 - row.UpstreamTokens.Mean / tokens;
    }

    // The row's identity with every figure the mean over seeds (the optional ones only when every seed has them).
    private static EvalLine Mean(IReadOnlyList<EvalLine> at)
    {
        static double? Avg(IEnumerable<double?> values) => values.All(v => v is not null) ? values.Average(v => v!.Value) : null;
        return at[0] with
        {
            Accuracy = at.Average(l => l.Accuracy),
            UpstreamTokens = at.Average(l => l.UpstreamTokens),
            CompletionTokens = at.Average(l => l.CompletionTokens),
            ExitedEarly = Avg(at.Select(l => l.ExitedEarly)),
            Samples = Avg(at.Select(l => l.Samples)),
            RewardTokens = Avg(at.Select(l => l.RewardTokens)),
            Steps = Avg(at.Select(l => l.Steps)),
        };
    }
}
