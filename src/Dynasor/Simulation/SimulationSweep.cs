using Dynasor.Policies;
using Dynasor.Replay;
using Dynasor.Scheduling;

namespace Dynasor.Simulation;

/// <summary>
/// Runs every allocation x scheduler x rate of a sweep and judges each at every SLO scale. A scheduler that does not
/// read deadlines behaves the same at every SLO scale, so it is simulated once per rate and judged at each scale;
/// one that does (<see cref="ISchedulingPolicy.ReadsDeadlines"/>: <c>slack</c>, <c>dynasor</c>) is simulated once
/// per rate and scale. Runs are independent and go in parallel; results do not depend on it.
/// </summary>
public static class SimulationSweep
{
    /// <summary>The results in plan order (allocation, scheduler, rate, scale) and one summary per allocation and scheduler.</summary>
    public static (IReadOnlyList<SimulationResult> Results, IReadOnlyList<SimulationSummary> Summary) Run(
        PreparedTrace trace,
        IReadOnlyList<PolicySpec> allocations,
        IReadOnlyList<string> schedulers,
        IReadOnlyList<double> rates,
        IReadOnlyList<double> sloScales,
        SimulationOptions options,
        IProgress<double>? progress = null) =>
        Run(trace, allocations.Select(MixAllocation.All).ToList(), schedulers, rates, sloScales, options, progress);

    /// <summary>
    /// The same over <paramref name="options"/>' program mix, each allocation giving every kind its policy;
    /// <paramref name="trace"/> supplies the SC programs' questions (null when the mix has no SC).
    /// </summary>
    public static (IReadOnlyList<SimulationResult> Results, IReadOnlyList<SimulationSummary> Summary) Run(
        PreparedTrace? trace,
        IReadOnlyList<MixAllocation> allocations,
        IReadOnlyList<string> schedulers,
        IReadOnlyList<double> rates,
        IReadOnlyList<double> sloScales,
        SimulationOptions options,
        IProgress<double>? progress = null)
    {
        if (rates.Count == 0 || sloScales.Count == 0)
            throw new ArgumentException("a sweep needs at least one rate and one SLO scale");
        // Labelled with what runs (sc:n at most the samples a trace question has); allocations that come to the same are run once.
        var shape = options.Mix.Contains(ProgramKind.Sc) ? trace?.Shape(options.Cap) : null;
        var resolved = allocations
            .Select(a => (Label: a.LabelFor(options, shape), Policies: a.Resolve(options, shape).ToDictionary(p => p.Key, p => PolicyCatalog.Create(p.Value))))
            .DistinctBy(a => a.Label)
            .ToList();
        var labels = resolved.Select(a => a.Label).ToList();
        var scheduling = schedulers.Select(SchedulerCatalog.Create).ToList();
        var plan = new List<(int A, int S, double Rate, double[] Scales)>();
        for (var a = 0; a < resolved.Count; a++)
        for (var s = 0; s < scheduling.Count; s++)
        foreach (var rate in rates)
        {
            if (scheduling[s].ReadsDeadlines)
                plan.AddRange(sloScales.Select(scale => (a, s, rate, new[] { scale })));
            else
                plan.Add((a, s, rate, sloScales.ToArray()));
        }

        var perRun = new SimulationResult[plan.Count][];
        var done = 0;
        // One run per core: the thread pool would otherwise add threads to CPU-bound runs, each holding its programs' state.
        Parallel.For(0, plan.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (a, s, rate, scales) = plan[i];
            var run = Simulator.Run(trace, resolved[a].Policies, scheduling[s], options with { Rate = rate, SloScale = scales[0] });
            perRun[i] = scales.Select(scale => SimulationMetrics.Evaluate(run, labels[a], scheduling[s].Name, rate, scale)).ToArray();
            progress?.Report(Interlocked.Increment(ref done) / (double)plan.Count);
        });

        var results = perRun.SelectMany(r => r)
            .OrderBy(r => labels.IndexOf(r.Allocation))
            .ThenBy(r => scheduling.FindIndex(x => x.Name == r.Scheduler))
            .ThenBy(r => r.Rate)
            .ThenBy(r => r.SloScale)
            .ToList();
        var rateScale = sloScales.Contains(1.0) ? 1.0 : sloScales.Max();
        var sloRate = rates.Min();
        var (topRate, bottomScale) = (rates.Max(), sloScales.Min());
        var summary = results
            .GroupBy(r => (r.Allocation, r.Scheduler))
            .Select(g => new SimulationSummary(
                g.Key.Allocation,
                g.Key.Scheduler,
                SimulationMetrics.MaxRate(g.Where(r => r.SloScale == rateScale)),
                rateScale,
                SimulationMetrics.MinSloScale(g.Where(r => r.Rate == sloRate)),
                sloRate))
            // A limit found at the edge of the grid is only a bound: the grid did not go far enough to find it.
            .Select(s => s with { MaxRateIsTopOfGrid = s.MaxRateAt90 == topRate, MinSloScaleIsBottomOfGrid = s.MinSloScaleAt90 == bottomScale })
            .ToList();
        return (results, summary);
    }

    /// <summary>FROM:TO:STEP (inclusive, with a little tolerance for decimal steps) or a single number.</summary>
    public static IReadOnlyList<double> ParseRange(string text, string what)
    {
        var parts = text.Split(':');
        var values = parts.Select(p => double.TryParse(p, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : double.NaN).ToArray();
        if (parts.Length is not (1 or 3) || values.Any(double.IsNaN))
            throw new ArgumentException($"{what} '{text}' is not a number or FROM:TO:STEP (e.g. 0.5:4:0.5)");
        if (parts.Length == 1)
            return values[0] > 0 ? [values[0]] : throw new ArgumentException($"{what} must be > 0, got '{text}'");
        var (from, to, step) = (values[0], values[1], values[2]);
        if (from <= 0 || to < from || step <= 0)
            throw new ArgumentException($"{what} '{text}' needs 0 < FROM <= TO and STEP > 0");
        var count = (int)Math.Floor((to - from) / step + 1e-9) + 1;
        if (count > 1000)
            throw new ArgumentException($"{what} '{text}' has {count} points; at most 1000 (take a larger STEP)");
        return Enumerable.Range(0, count).Select(i => Math.Round(from + i * step, 10)).ToList();
    }
}
