using System.Globalization;

namespace Dynasor.Cli.Reports;

/// <summary>
/// A linear chart axis: the data range plus a little air, with ticks at "nice" multiples (1, 2 or 5 times a power of
/// ten), so tick labels read 1000, 2000, 3000 rather than 874.4, 1748.8.
/// </summary>
/// <param name="Min">Lower end of the axis.</param>
/// <param name="Max">Upper end of the axis, always above <paramref name="Min"/>.</param>
/// <param name="Step">Distance between ticks, always positive and finite.</param>
internal readonly record struct AxisScale(double Min, double Max, double Step)
{
    // More ticks than this is never intended; it also bounds the tick loop if arithmetic ever misbehaves.
    private const int MaxTicks = 50;
    private const double Air = 0.04;

    /// <summary>
    /// An axis covering <paramref name="low"/>..<paramref name="high"/> with about <paramref name="targetTicks"/>
    /// intervals between ticks. Equal ends are widened around the value; non-finite input falls back to 0..1.
    /// </summary>
    /// <param name="low">Smallest value to show.</param>
    /// <param name="high">Largest value to show.</param>
    /// <param name="targetTicks">Roughly how many intervals between ticks.</param>
    /// <param name="floor">The axis never goes below this (for example 0 for token counts), unless the data do.</param>
    /// <param name="ceiling">The axis never goes above this (for example 100 for a percentage), unless the data do.</param>
    public static AxisScale Nice(
        double low, double high, int targetTicks = 6, double floor = double.NegativeInfinity, double ceiling = double.PositiveInfinity)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high))
            return new AxisScale(0, 1, 0.2);
        if (low > high)
            (low, high) = (high, low);
        var (dataLow, dataHigh) = (low, high);

        var span = high - low;
        // A single value (or a flat series) is widened by 5% of its size, or by 1 around zero, so it sits mid-axis;
        // otherwise a little air keeps the outermost markers and error bars off the frame.
        var pad = span > 0 && double.IsFinite(span) ? span * Air : low == 0 ? 1 : Math.Abs(low) * 0.05;
        low -= pad;
        high += pad;
        // Padding must not invent an impossible region (negative tokens, accuracy over 100%); data beyond the limits still show.
        if (dataLow >= floor && low < floor)
            low = floor;
        if (dataHigh <= ceiling && high > ceiling)
            high = ceiling;
        span = high - low;
        if (!(span > 0) || !double.IsFinite(span))
            return new AxisScale(0, 1, 0.2);

        return new AxisScale(low, high, NiceStep(span / Math.Max(1, targetTicks)));
    }

    /// <summary>The multiples of <see cref="Step"/> from <see cref="Min"/> to <see cref="Max"/> inclusive.</summary>
    public IReadOnlyList<double> Ticks()
    {
        var ticks = new List<double>();
        var first = Math.Ceiling(Min / Step - 1e-9);
        // Fractional steps divide by their (whole) reciprocal, so 3 ticks of 0.1 give 0.3 and not 0.30000000000000004.
        var perUnit = Step < 1 ? Math.Round(1 / Step) : 0;
        for (var i = 0; i <= MaxTicks; i++)
        {
            var value = perUnit > 0 ? (first + i) / perUnit : (first + i) * Step;
            if (!(value <= Max + Step * 1e-9))
                break;
            ticks.Add(Math.Abs(value) < Step * 1e-9 ? 0 : value);
        }
        return ticks;
    }

    /// <summary>Maps <paramref name="value"/> linearly from this axis onto <paramref name="from"/>..<paramref name="to"/> (pixels).</summary>
    public double Map(double value, double from, double to) => from + (value - Min) / (Max - Min) * (to - from);

    /// <summary>A tick label with just enough decimals for <see cref="Step"/>, in the invariant culture.</summary>
    public string Label(double value)
    {
        var decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(Step) + 1e-9), 0, 10);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static double NiceStep(double rough)
    {
        if (!(rough > 0) || !double.IsFinite(rough))
            return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / power;
        // The nearest nice step (not the next one up), so a chart gets between about 4 and 9 intervals.
        var nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        return nice * power;
    }
}
