using Dynasor.Certainty;
using Dynasor.Policies;
using Dynasor.Replay;

namespace Dynasor.Calibration;

/// <summary>
/// Chooses a policy on labelled questions and says how sure it is. The search (<see cref="Choose"/>) takes, among a
/// family's candidates cheaper than the anchor, the one with the fewest tokens whose paired loss against SC@cap has an
/// upper confidence bound within epsilon on the questions it is run on; none: the anchor. Because the search picks the
/// cheapest of many candidates that pass, its own bound is biased in its favour, so the promise is made on questions
/// it did not see: by default K-fold cross-validation (each fold scored by the search run on the other folds), or one
/// held-out split. When the upper bound of that held-out loss is within epsilon and the procedure is cheaper than the
/// anchor there, the search's choice (made on all questions with folds, on the calibration split otherwise) is served;
/// else the anchor is (<see cref="Certificate"/>).
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

    /// <param name="family">What to search (<see cref="FamilySelection"/>): a family, a family with pinned parameters such as <c>stepped:every=5</c>, <c>best</c> or <c>best-live</c>.</param>
    /// <param name="compare">Specs to evaluate on both splits beside the chosen one (such as <c>esc</c>); not candidates.</param>
    /// <param name="progress">Receives the fraction of work done, 0..1.</param>
    /// <exception cref="ArgumentException">A setting is invalid, or the program or the measure reads rewards the trace lacks.</exception>
    public static CalibrationResult Calibrate(PreparedTrace trace, string family, CalibrationOptions options, IReadOnlyList<PolicySpec>? compare = null, IProgress<double>? progress = null)
    {
        var selection = Check(trace, FamilySelection.Parse(family), options);
        return Calibrate(trace, selection, options, compare ?? [], progress, new ReplayCache(trace, options.Replay));
    }

    /// <summary>
    /// Calibrates several selections on the same questions, splits (or folds) and orders, one after another, so their
    /// held-out figures compare at equal accuracy: the Table 4 procedure (static, curve, stepped:every=5, ...). Replays
    /// common to them (the baseline, the anchor, grid candidates) run once.
    /// </summary>
    /// <param name="progress">Receives the fraction of all selections' work done, 0..1.</param>
    public static IReadOnlyList<CalibrationResult> CalibrateEach(PreparedTrace trace, IReadOnlyList<string> families, CalibrationOptions options, IReadOnlyList<PolicySpec>? compare = null, IProgress<double>? progress = null)
    {
        if (families.Count == 0)
            throw new ArgumentException("name at least one family to calibrate", nameof(families));
        var selections = families.Select(f => Check(trace, FamilySelection.Parse(f), options)).ToList();
        var cache = new ReplayCache(trace, options.Replay);
        return selections.Select((s, i) => Calibrate(trace, s, options, compare ?? [], Scaled(progress, i, selections.Count), cache)).ToList();
    }

    // Everything that can fail before a long run: the settings, the pins against the grid, the rewards the program reads.
    private static FamilySelection Check(PreparedTrace trace, FamilySelection selection, CalibrationOptions options)
    {
        options.Validate();
        if (options.Labels == LabelSource.ScVote)
            selection = selection.ForVoteLabels();
        options.Program.RequireRewards(trace);
        if (options.Measure is { } measure && measure != CertaindexMeasure.Entropy && !options.Program.KeepsOrder)
            ReplayProgram.RequireRewards(trace, $"--measure {CertaindexGridsName(measure)}");
        foreach (var family in selection.Families.Where(f => !f.IsFitted))
            selection.Candidates(family, (_, _) => throw new InvalidOperationException(), options.Shape(trace));
        return selection;
    }

    private static string CertaindexGridsName(CertaindexMeasure measure) => measure switch
    {
        CertaindexMeasure.MeanReward => "reward",
        CertaindexMeasure.MaxReward => "max_reward",
        CertaindexMeasure.RewardShare => "share",
        _ => "entropy",
    };

    private static CalibrationResult Calibrate(PreparedTrace trace, FamilySelection family, CalibrationOptions options, IReadOnlyList<PolicySpec> compare, IProgress<double>? progress, ReplayCache cache)
    {
        if (options.Folds > 0)
            return CrossValidate(trace, family, options, compare, progress, cache);

        var (calibration, holdout) = Split(trace, options);
        var choice = ChooseAmong(calibration, family, options, progress, cache);
        var anchor = options.AnchorSpec;
        var held = new SplitReport(cache.Run(holdout, choice.Spec), cache.Run(holdout, choice.BaselineSpec));
        var certificate = new Certificate(choice.Spec, held.Policy, held.Baseline, anchor, anchor is null ? null : cache.Run(holdout, anchor), options.Epsilon, options.Z);
        return new CalibrationResult(
            family.Text,
            certificate.Served,
            new SplitReport(choice.Result, choice.Baseline),
            held,
            choice.Candidates,
            family.IsBest ? choice.Winners : [],
            compare.Select(c => new ComparedPolicy(cache.Run(calibration, c), cache.Run(holdout, c))).ToList(),
            certificate)
        {
            AnchorCalibration = choice.Anchor,
        };
    }

    /// <summary>
    /// K-fold cross-validation: each fold is held out once while the choice is made on the other folds, and the held-out
    /// figures pool every fold, so every question is scored by a policy chosen without it. The policy returned (the one
    /// to serve) is then chosen on all questions, so a small trace is not halved to calibrate it; its held-out figures
    /// are those of the procedure that chose it.
    /// </summary>
    private static CalibrationResult CrossValidate(PreparedTrace trace, FamilySelection family, CalibrationOptions options, IReadOnlyList<PolicySpec> compare, IProgress<double>? progress, ReplayCache cache)
    {
        var folds = Folds(trace, options);
        var anchor = options.AnchorSpec;
        var steps = folds.Count + 1;
        var choices = new List<Choice>();
        var chosen = new List<ReplayResult>();
        var baselines = new List<ReplayResult>();
        var anchors = new List<ReplayResult>();
        var compared = compare.Select(_ => new List<ReplayResult>()).ToList();
        for (var k = 0; k < folds.Count; k++)
        {
            var step = k;
            var rest = trace.Subset(folds.Where((_, j) => j != step).SelectMany(f => f).Order(), $"{trace.Name} (without fold {k + 1})");
            var fold = trace.Subset(folds[k], $"{trace.Name} (fold {k + 1})");
            var choice = ChooseAmong(rest, family, options, Scaled(progress, step, steps), cache);
            choices.Add(choice);
            chosen.Add(cache.Run(fold, choice.Spec));
            baselines.Add(cache.Run(fold, choice.BaselineSpec));
            if (anchor is not null)
                anchors.Add(cache.Run(fold, anchor));
            for (var c = 0; c < compare.Count; c++)
                compared[c].Add(cache.Run(fold, compare[c]));
        }

        var final = ChooseAmong(trace, family, options, Scaled(progress, folds.Count, steps), cache);
        var name = $"{trace.Name} (cross-validated, {folds.Count} folds)";
        var held = new SplitReport(Replayer.Pool(name, $"chosen per fold ({folds.Count} folds)", chosen), Replayer.Pool(name, final.BaselineSpec.ToString(), baselines));
        var certificate = new Certificate(final.Spec, held.Policy, held.Baseline, anchor, anchor is null ? null : Replayer.Pool(name, anchor.ToString(), anchors), options.Epsilon, options.Z);
        return new CalibrationResult(
            family.Text,
            certificate.Served,
            new SplitReport(final.Result, final.Baseline),
            held,
            final.Candidates,
            family.IsBest ? final.Winners : [],
            compare.Select((c, i) => new ComparedPolicy(cache.Run(trace, c), Replayer.Pool(name, c.ToString(), compared[i]))).ToList(),
            certificate)
        {
            FoldChoices = choices.Select(c => c.Spec).ToList(),
            AnchorCalibration = final.Anchor,
        };
    }

    internal sealed record Choice(PolicySpec Spec, ReplayResult Result, PolicySpec BaselineSpec, ReplayResult Baseline, ReplayResult? Anchor, int Candidates, IReadOnlyList<ReplayResult> Winners);

    /// <summary>
    /// The search itself, on the questions given: per family, the fewest tokens among the admissible candidates that
    /// are cheaper than the anchor there; then the cheapest family winner. With no such candidate, the anchor (without
    /// an anchor, SC@cap).
    /// </summary>
    /// <param name="cache">Replays shared across the searches of one calibration; null: a cache of this search alone.</param>
    internal static Choice Choose(PreparedTrace calibration, string family, CalibrationOptions options, IProgress<double>? progress, ReplayCache? cache = null) =>
        ChooseAmong(calibration, FamilySelection.Parse(family), options, progress, cache);

    private static Choice ChooseAmong(PreparedTrace calibration, FamilySelection selection, CalibrationOptions options, IProgress<double>? progress, ReplayCache? cache = null)
    {
        cache ??= new ReplayCache(calibration, options.Replay);
        var shape = options.Shape(calibration);
        var baselineSpec = PolicyCatalog.Parse($"sc:n={shape.Cap}");
        var baseline = cache.Run(calibration, baselineSpec);
        var anchor = options.AnchorSpec is { } anchorSpec ? cache.Run(calibration, anchorSpec) : null;

        // Candidate specs are generated first so progress can be reported as a fraction of them.
        var work = selection.Families.Select(f => (Family: f, Specs: selection.Candidates(f, (name, detect) => Fit(name, calibration, detect, options), shape))).ToList();
        var total = work.Sum(w => w.Specs.Count);
        var done = 0;
        var winners = new List<ReplayResult>();
        foreach (var (f, specs) in work)
        {
            ReplayResult? winner = null;
            var left = specs.Count;
            foreach (var spec in specs)
            {
                var result = cache.Run(calibration, spec());
                var admissible = Admissible(result, baseline, options);
                var cheaper = anchor is null || result.TokensPerQuestion < anchor.TokensPerQuestion;
                if (admissible && cheaper && (winner is null || Better(result, winner)))
                    winner = result;
                left--;
                progress?.Report(++done / (double)total);
                // The batch grid ascends in budget and the allocator spends its budget, so its tokens rise along the
                // grid: past the first admissible candidate, or the first as dear as the anchor, none can win.
                if (f.IsBatch && (admissible || !cheaper))
                    break;
            }
            done += left;
            if (winner is not null)
                winners.Add(winner);
        }

        var best = winners.Count > 0 ? winners.Aggregate((a, b) => Better(b, a) ? b : a) : anchor ?? baseline;
        return new Choice(PolicyCatalog.Parse(best.Policy), best, baselineSpec, baseline, anchor, total, winners);
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

    private static PolicySpec Fit(string family, PreparedTrace calibration, int detect, CalibrationOptions options) => family == "dcurve"
        ? DynamicCurveFitter.Fit(calibration, detect, options.Epsilon, options.Replay)
        : CurveFitter.Fit(calibration, detect, options.Epsilon, options.Replay);

    /// <summary>
    /// Whether a candidate keeps accuracy within epsilon of SC@cap on the questions given: the upper confidence bound
    /// of its paired loss (<see cref="LossEstimate"/>, <c>Z</c> standard errors) is at most epsilon. The difference is
    /// paired (same questions, same orders), so it is far less noisy than two accuracies compared; on few questions the
    /// standard error is large and the search conservative.
    /// </summary>
    internal static bool Admissible(ReplayResult candidate, ReplayResult baseline, CalibrationOptions options)
    {
        var n = baseline.QuestionAccuracy.Count;
        if (n == 0 || candidate.QuestionAccuracy.Count != n)
            return candidate.Accuracy >= baseline.Accuracy - options.Epsilon;
        return LossEstimate.Paired(candidate, baseline, options.Z).Upper <= options.Epsilon;
    }

    // Fewer tokens wins; on equal tokens, higher accuracy.
    private static bool Better(ReplayResult candidate, ReplayResult incumbent) =>
        candidate.TokensPerQuestion < incumbent.TokensPerQuestion
        || (candidate.TokensPerQuestion == incumbent.TokensPerQuestion && candidate.Accuracy > incumbent.Accuracy);
}
