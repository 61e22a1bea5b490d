namespace Dynasor.Simulation;

/// <summary>What one allocation + scheduler sustains in a sweep.</summary>
/// <param name="Allocation">The allocation policy spec.</param>
/// <param name="Scheduler">The scheduling policy name.</param>
/// <param name="MaxRateAt90">Highest swept rate with at least 90% attainment at <paramref name="RateSloScale"/>, or null.</param>
/// <param name="RateSloScale">The SLO scale the rate sweep was judged at (1 when swept, else the loosest).</param>
/// <param name="MinSloScaleAt90">Tightest swept SLO scale with at least 90% attainment at <paramref name="SloRate"/>, or null.</param>
/// <param name="SloRate">The rate the SLO sweep was judged at (the lowest swept rate).</param>
public sealed record SimulationSummary(string Allocation, string Scheduler, double? MaxRateAt90, double RateSloScale, double? MinSloScaleAt90, double SloRate)
{
    /// <summary>
    /// <see cref="MaxRateAt90"/> is the highest rate swept: the combination reached 90% at the top of the grid, so its
    /// real limit may be higher.
    /// </summary>
    public bool MaxRateIsTopOfGrid { get; init; }

    /// <summary>
    /// <see cref="MinSloScaleAt90"/> is the lowest SLO scale swept, so the real tightest scale may be lower.
    /// </summary>
    public bool MinSloScaleIsBottomOfGrid { get; init; }
}
