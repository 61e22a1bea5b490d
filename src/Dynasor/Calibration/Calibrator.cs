using Dynasor.Policies;
using Dynasor.Replay;

namespace Dynasor.Calibration;

/// <summary>
/// Chooses a policy's parameters on a calibration split of the questions: the fewest tokens per question subject to
/// accuracy at least SC@cap's minus epsilon on that split. Reports the choice on both splits; the held-out split
/// plays no part in the choice, so its figures are an honest estimate.
/// </summary>
public static class Calibrator
{
    /// <summary>The name that calibrates every family (the batch allocator included) and keeps the winner.</summary>
    public const string Best = "best";

    /// <summary>
    /// The name that calibrates every family a server or simulator can run, that is every one but the batch allocator
    /// (which decides across a whole batch of questions, not per program), and keeps the winner.
    /// </summary>
    public const string BestLive = "best-live";

    private static readonly int[] CurveDetects = [2, 3, 5, 8];

    /// <param name="compare">Specs to evaluate on both splits beside the chosen one (anchors such as <c>ac</c>); not candidates.</param>
    /// <param name="progress">Receives the fraction of work done, 0..1.</param>
    public static CalibrationResult Calibrate(PreparedTrace trace, string family, CalibrationOptions options, IReadOnlyList<PolicySpec>? compare = null, IProgress<double>? progress = null)
    {
        options.Validate();
        compare ??= [];
        if (options.Folds > 0)
            return CrossValidate(trace, family, options, compare, progress);

        var (calibration, holdout) = Split(trace, options);
        var choice = Choose(calibration, family, options, progress);
        var replay = options.Replay;
        return new CalibrationResult(
            family,
            choice.Spec,
            new SplitReport(choice.Result, choice.Baseline),
            new SplitReport(Replayer.Run(holdout, choice.Spec, replay), Replayer.Run(holdout, choice.BaselineSpec, replay)),
            choice.Candidates,
            family is Best or BestLive ? choice.Winners : [],
            compare.Select(c => new ComparedPolicy(Replayer.Run(calibration, c, replay), Replayer.Run(holdout, c, replay))).ToList());
    }

    /// <summary>
    /// K-fold cross-validation: each fold is held out once while the choice is made on the other folds, and the held-out
    /// figures pool every fold, so every question is scored by a policy chosen without it. The policy returned (the one
    /// to serve) is then chosen on all questions, so a small trace is not halved to calibrate it; its held-out figures
    /// are those of the procedure that chose it.
    /// </summary>
    private static CalibrationResult CrossValidate(PreparedTrace trace, string family, CalibrationOptions options, IReadOnlyList<PolicySpec> compare, IProgress<double>? progress)
    {
        var folds = Folds(trace, options);
        var replay = options.Replay;
        var steps = folds.Count + 1;
        var choices = new List<Choice>();
        var chosen = new List<ReplayResult>();
        var baselines = new List<ReplayResult>();
        var compared = compare.Select(_ => new List<ReplayResult>()).ToList();
        for (var k = 0; k < folds.Count; k++)
        {
            var step = k;
            var rest = trace.Subset(folds.Where((_, j) => j != step).SelectMany(f => f).Order(), $"{trace.Name} (without fold {k + 1})");
            var fold = trace.Subset(folds[k], $"{trace.Name} (fold {k + 1})");
            var choice = Choose(rest, family, options, Scaled(progress, step, steps));
            choices.Add(choice);
            chosen.Add(Replayer.Run(fold, choice.Spec, replay));
            baselines.Add(Replayer.Run(fold, choice.BaselineSpec, replay));
            for (var c = 0; c < compare.Count; c++)
                compared[c].Add(Replayer.Run(fold, compare[c], replay));
        }

        var final = Choose(trace, family, options, Scaled(progress, folds.Count, steps));
        var name = $"{trace.Name} (cross-validated, {folds.Count} folds)";
        return new CalibrationResult(
            family,
            final.Spec,
            new SplitReport(final.Result, final.Baseline),
            new SplitReport(Replayer.Pool(name, $"chosen per fold ({folds.Count} folds)", chosen), Replayer.Pool(name, final.BaselineSpec.ToString(), baselines)),
            final.Candidates,
            family is Best or BestLive ? final.Winners : [],
            compare.Select((c, i) => new ComparedPolicy(Replayer.Run(trace, c, replay), Replayer.Pool(name, c.ToString(), compared[i]))).ToList())
        {
            FoldChoices = choices.Select(c => c.Spec).ToList(),
        };
    }

    internal sealed record Choice(PolicySpec Spec, ReplayResult Result, PolicySpec BaselineSpec, ReplayResult Baseline, int Candidates, IReadOnlyList<ReplayResult> Winners);

    /// <summary>The search itself, on the questions given: the fewest tokens among the admissible candidates of each family, then across families.</summary>
    internal static Choice Choose(PreparedTrace calibration, string family, CalibrationOptions options, IProgress<double>? progress)
    {
        var replay = options.Replay;
        var shape = calibration.Shape(options.Cap);
        var baselineSpec = PolicyCatalog.Parse($"sc:n={shape.Cap}");
        var baseline = Replayer.Run(calibration, baselineSpec, replay);

        var families = family switch
        {
            Best => PolicyCatalog.Families.ToList(),
            BestLive => PolicyCatalog.Families.Where(f => !f.IsBatch).ToList(),
            _ => [PolicyCatalog.Family(family)],
        };

        // Candidate specs are generated first so progress can be reported as a fraction of them.
        var work = families.Select(f => (Family: f, Specs: Candidates(f, calibration, shape, options).ToList())).ToList();
        var total = work.Sum(w => w.Specs.Count);
        var done = 0;
        var winners = new List<ReplayResult>();
        foreach (var (f, specs) in work)
        {
            ReplayResult? winner = null;
            foreach (var spec in specs)
            {
                var result = Replayer.Run(calibration, spec(), replay);
                if (Admissible(result, baseline, options) && (winner is null || Better(result, winner)))
                    winner = result;
                progress?.Report(++done / (double)total);
            }
            winners.Add(winner ?? baseline);
        }

        var best = winners.Aggregate((a, b) => Better(b, a) ? b : a);
        return new Choice(PolicyCatalog.Parse(best.Policy), best, baselineSpec, baseline, total, winners);
    }

    private static IProgress<double>? Scaled(IProgress<double>? progress, int step, int steps) =>
        progress is null ? null : new StepProgress(progress, step, steps);

    // Reports a step's own fraction as a fraction of all steps, synchronously (Progress<T> would post it elsewhere).
    private sealed class StepProgress(IProgress<double> inner, int step, int steps) : IProgress<double>
    {
        public void Report(double value) => inner.Report((step + value) / steps);
    }

    /// <summary>Splits the questions by a seeded shuffle: the first <c>Split</c> fraction calibrates, the rest is held out.</summary>
    public static (PreparedTrace Calibration, PreparedTrace Holdout) Split(PreparedTrace trace, CalibrationOptions options)
    {
        var n = trace.Questions.Count;
        if (n < 2)
            throw new ArgumentException($"trace '{trace.Name}' has {n} question; calibration needs at least 2 to split");
        var order = Engines.SeededOrder.Permutation(n, Engines.SeededOrder.Mix((ulong)(uint)options.Seed, "calibration-split"));
        var k = Math.Clamp((int)Math.Round(n * options.Split), 1, n - 1);
        // Questions keep their trace order inside each split, so the splits read like the trace.
        return (trace.Subset(order.Take(k).Order(), $"{trace.Name} (calibration)"), trace.Subset(order.Skip(k).Order(), $"{trace.Name} (holdout)"));
    }

    /// <summary>
    /// Splits the questions by the same seeded shuffle into <c>Folds</c> parts whose sizes differ by at most one; each
    /// part keeps trace order.
    /// </summary>
    public static IReadOnlyList<int[]> Folds(PreparedTrace trace, CalibrationOptions options)
    {
        var n = trace.Questions.Count;
        if (options.Folds < 2 || options.Folds > n)
            throw new ArgumentException($"trace '{trace.Name}' has {n} questions, so it cannot be cut into {options.Folds} folds; use from 2 to {n} folds (for example 5)");
        var order = Engines.SeededOrder.Permutation(n, Engines.SeededOrder.Mix((ulong)(uint)options.Seed, "calibration-split"));
        return Enumerable.Range(0, options.Folds)
            .Select(k => order.Skip(n * k / options.Folds).Take(n * (k + 1) / options.Folds - n * k / options.Folds).Order().ToArray())
            .ToList();
    }

    private static IEnumerable<Func<PolicySpec>> Candidates(PolicyFamily family, PreparedTrace calibration, TraceShape shape, CalibrationOptions options)
    {
        if (family.Name == "curve")
            return CurveDetects.Where(d => d < shape.Cap).Select(d => (Func<PolicySpec>)(() => CurveFitter.Fit(calibration, d, options.Epsilon, options.Replay)));
        return family.CalibrationGrid(shape).Select(s => (Func<PolicySpec>)(() => PolicyCatalog.Parse(s)));
    }

    /// <summary>
    /// Whether a candidate keeps accuracy within epsilon of SC@cap on the calibration split, with a safety margin:
    /// the mean per-question accuracy difference minus <c>Margin</c> standard errors of it must be at least -epsilon.
    /// The difference is paired (same questions, same orders), so it is far less noisy than two accuracies compared;
    /// on a small split the standard error is large and the choice is conservative, which is what keeps a choice
    /// made on 15 questions from being one that merely got lucky on them.
    /// </summary>
    internal static bool Admissible(ReplayResult candidate, ReplayResult baseline, CalibrationOptions options)
    {
        var n = baseline.QuestionAccuracy.Count;
        if (n == 0 || candidate.QuestionAccuracy.Count != n)
            return candidate.Accuracy >= baseline.Accuracy - options.Epsilon;
        double sum = 0, sumSquares = 0;
        for (var q = 0; q < n; q++)
        {
            var d = candidate.QuestionAccuracy[q] - baseline.QuestionAccuracy[q];
            sum += d;
            sumSquares += d * d;
        }
        var mean = sum / n;
        var variance = n < 2 ? 0 : Math.Max(0, (sumSquares - n * mean * mean) / (n - 1));
        return mean - options.Margin * Math.Sqrt(variance / n) >= -options.Epsilon;
    }

    // Fewer tokens wins; on equal tokens, higher accuracy.
    private static bool Better(ReplayResult candidate, ReplayResult incumbent) =>
        candidate.TokensPerQuestion < incumbent.TokensPerQuestion
        || (candidate.TokensPerQuestion == incumbent.TokensPerQuestion && candidate.Accuracy > incumbent.Accuracy);
}
