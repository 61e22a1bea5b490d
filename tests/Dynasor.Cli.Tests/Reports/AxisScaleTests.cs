using System.Globalization;
using Dynasor.Cli.Reports;
using Xunit;

namespace Dynasor.Cli.Tests.Reports;

public sealed class AxisScaleTests
{
    [Fact]
    public void Nice_TokenRange_RoundEndsAndSteps()
    {
        var scale = AxisScale.Nice(130, 4870, floor: 0);

        Assert.Equal(0, scale.Min);
        Assert.InRange(scale.Max, 4870, 5100);
        Assert.Equal(1000, scale.Step);
        Assert.Equal(["0", "1000", "2000", "3000", "4000", "5000"], scale.Ticks().Select(scale.Label));
    }

    [Fact]
    public void Nice_PercentRange_WholeNumberTicks()
    {
        var scale = AxisScale.Nice(88.2, 95.1, ceiling: 100);

        Assert.True(scale.Min < 88.2 && scale.Max > 95.1);
        Assert.Equal(1, scale.Step);
        Assert.Equal(["88", "89", "90", "91", "92", "93", "94", "95"], scale.Ticks().Select(scale.Label));
    }

    [Fact]
    public void Nice_NearCeiling_PaddingStopsAtCeiling()
    {
        Assert.Equal(100, AxisScale.Nice(90, 99.9, ceiling: 100).Max);
        Assert.True(AxisScale.Nice(90, 101, ceiling: 100).Max > 101);
    }

    [Fact]
    public void Nice_SmallStep_LabelsHaveDecimalsAndNoDrift()
    {
        var scale = AxisScale.Nice(0.1, 0.9);

        Assert.Equal(0.1, scale.Step);
        Assert.Equal(["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"], scale.Ticks().Select(scale.Label));
        Assert.DoesNotContain(scale.Ticks(), t => t.ToString(CultureInfo.InvariantCulture).Length > 4);
    }

    [Theory]
    [InlineData(1234, 1234)]
    [InlineData(0, 0)]
    [InlineData(-5, -5)]
    [InlineData(90, 90)]
    public void Nice_EqualEnds_WidensAroundValue(double low, double high)
    {
        var scale = AxisScale.Nice(low, high);

        Assert.True(scale.Max > scale.Min);
        Assert.True(scale.Min < low && scale.Max > high);
        Assert.InRange(scale.Map(low, 0, 100), 1, 99);
    }

    [Theory]
    [InlineData(double.NaN, 1)]
    [InlineData(0, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, double.NaN)]
    public void Nice_NonFinite_FallsBackToUnitAxis(double low, double high)
    {
        var scale = AxisScale.Nice(low, high);

        Assert.Equal(new AxisScale(0, 1, 0.2), scale);
        Assert.Equal(6, scale.Ticks().Count);
    }

    [Fact]
    public void Nice_ReversedEnds_Swapped()
    {
        Assert.Equal(AxisScale.Nice(10, 20), AxisScale.Nice(20, 10));
    }

    [Fact]
    public void Nice_FloorZero_PaddingDoesNotGoNegative()
    {
        Assert.Equal(0, AxisScale.Nice(0, 1000, floor: 0).Min);
        Assert.True(AxisScale.Nice(-50, 1000, floor: 0).Min < -50 + 1e-9);
    }

    [Fact]
    public void Map_Ends_MapToPixelEnds()
    {
        var scale = new AxisScale(0, 100, 20);

        Assert.Equal(400, scale.Map(0, 400, 40));
        Assert.Equal(40, scale.Map(100, 400, 40));
        Assert.Equal(220, scale.Map(50, 400, 40));
    }
}
