using Dynasor.Calibration;

namespace Dynasor.Tests.Calibration;

public class StandardNormalTests
{
    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(0.8413447460685429, 1)]
    [InlineData(0.95, 1.6448536269514722)]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.999, 3.090232306167813)]
    [InlineData(0.001, -3.090232306167813)]
    [InlineData(0.01, -2.3263478740408408)]
    public void Quantile_MatchesTabulatedValues(double p, double x) => Assert.Equal(x, StandardNormal.Quantile(p), 6);

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 0.8413447460685429)]
    [InlineData(1.6448536269514722, 0.95)]
    [InlineData(-1.959963984540054, 0.025)]
    [InlineData(3.090232306167813, 0.999)]
    public void Cdf_MatchesTabulatedValues(double x, double p) => Assert.Equal(p, StandardNormal.Cdf(x), 6);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Quantile_OutsideTheOpenUnitInterval_IsRejected(double p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StandardNormal.Quantile(p));

    [Fact]
    public void Quantile_InvertsCdf()
    {
        for (var p = 0.005; p < 1; p += 0.01)
            Assert.Equal(p, StandardNormal.Cdf(StandardNormal.Quantile(p)), 6);
    }
}
