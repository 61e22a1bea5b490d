namespace Dynasor.Simulation;

/// <summary>Turns a <see cref="SimulationRun"/> into report lines, and finds the summary points of a sweep.</summary>
public static class SimulationMetrics
{
    /// <summary>The attainment a combination must reach to count as sustaining a rate or an SLO scale.</summary>
    public const double Target = 0.9;

    /// <summary>
    /// Judges <paramref name="run"/> against deadlines of SLO scale <paramref name="sloScale"/> (deadline = scale x
    /// difficulty factor x the program kind's base deadline). Deadline-blind schedulers run once and are judged at many scales.
    /// </summary>
    public static SimulationResult Evaluate(SimulationRun run, string allocation, string scheduler, double rate, double sloScale)
    {
        var outcomes = run.Outcomes;
        var n = outcomes.Count;
        if (n == 0)
            return new SimulationResult(allocation, scheduler, rate, sloScale, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var latencies = new double[n];
        int met = 0, correct = 0;
        double tokens = 0, fairness = 0;
        for (var i = 0; i < n; i++)
        {
            var o = outcomes[i];
            latencies[i] = o.Latency;
            var baseDeadline = o.BaseDeadlineSeconds > 0 ? o.BaseDeadlineSeconds : run.BaseDeadlineSeconds;
            if (o.Latency <= sloScale * o.DifficultyFactor * baseDeadline + 1e-9)
                met++;
            if (o.Correct)
                correct++;
            tokens += o.Tokens;
            fairness += o.Latency * 1000 / Math.Max(1, o.Tokens);
        }
        Array.Sort(latencies);
        return new SimulationResult(
            allocation, scheduler, rate, sloScale, n,
            (double)met / n,
            latencies.Average(),
            latencies[Math.Max(0, (int)Math.Ceiling(0.9 * n) - 1)],
            (double)correct / n,
            tokens / n,
            run.Makespan > 0 ? run.TokensServed / run.Makespan : 0,
            fairness / n);
    }

    /// <summary>
    /// The highest rate whose result reaches <see cref="Target"/> attainment, among results at one SLO scale, or
    /// null when none does. Rates above a failing rate still count if they pass (a noisy sweep is reported as is).
    /// </summary>
    public static double? MaxRate(IEnumerable<SimulationResult> atOneScale) =>
        atOneScale.Where(r => r.Attainment >= Target).Select(r => (double?)r.Rate).Max();

    /// <summary>The smallest SLO scale whose result reaches <see cref="Target"/> attainment, among results at one rate, or null.</summary>
    public static double? MinSloScale(IEnumerable<SimulationResult> atOneRate) =>
        atOneRate.Where(r => r.Attainment >= Target).Select(r => (double?)r.SloScale).Min();
}
