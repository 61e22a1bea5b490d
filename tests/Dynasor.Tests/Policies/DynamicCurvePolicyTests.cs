using Dynasor.Policies;
using Dynasor.Programs;

namespace Dynasor.Tests.Policies;

/// <summary>The dcurve policy looks its table up at every step: row = samples so far - detect, column = certaindex bucket.</summary>
public class DynamicCurvePolicyTests
{
    private const string Spec = "dcurve:detect=2,edges=0.5,extra=0|3;1|0";

    private static int Next(string spec, params string[] answers)
    {
        var progress = new ProgramProgress(40);
        foreach (var a in answers)
            progress.Record(a, 100, null);
        return PolicyCatalog.Create(PolicyCatalog.Parse(spec)).Next(progress);
    }

    [Fact]
    public void Next_BeforeDetect_GrantsTheRestOfDetect() => Assert.Equal(2, Next(Spec));

    [Theory]
    [InlineData(new[] { "1", "1" }, 3)]      // row 1, unanimous (certaindex 1): bucket 1
    [InlineData(new[] { "1", "2" }, 0)]      // row 1, split (certaindex 0): bucket 0
    [InlineData(new[] { "1", "2", "3" }, 1)] // row 2, bucket 0
    [InlineData(new[] { "1", "1", "1" }, 0)] // row 2, bucket 1
    [InlineData(new[] { "1", "1", "1", "1" }, 0)] // past the last row: the table's cap
    public void Next_AfterDetect_ReadsTheRowOfTheSamplesSoFarAndTheBucketOfTheCertaindex(string[] answers, int grant) =>
        Assert.Equal(grant, Next(Spec, answers));

    [Fact]
    public void Parse_KeepsTheTableAsWritten() =>
        Assert.Equal(Spec, PolicyCatalog.Parse(Spec).ToString());

    [Theory]
    [InlineData("dcurve", "fit one with: dynasor calibrate --family dcurve")]
    [InlineData("dcurve:edges=0.5,extra=1|2|3", "row 1 of 'extra' needs 2 entries")]
    [InlineData("dcurve:edges=0.5,extra=1|2;4", "row 2 of 'extra' needs 2 entries")]
    [InlineData("dcurve:edges=0.5,extra=1|x", "extra entry 'x' in row 1 is invalid")]
    [InlineData("dcurve:edges=0.5|0.2,extra=1|2|3", "edges must ascend")]
    public void Parse_BadTable_SaysWhatIsWrongAndHowToFitOne(string spec, string mention) =>
        Assert.Contains(mention, Assert.Throws<PolicySpecException>(() => PolicyCatalog.Parse(spec)).Message);
}
