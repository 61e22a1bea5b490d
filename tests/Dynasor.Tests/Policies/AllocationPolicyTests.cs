using Dynasor.Policies;
using Dynasor.Programs;

namespace Dynasor.Tests.Policies;

/// <summary>Each policy's decision on hand-built vote states.</summary>
public class AllocationPolicyTests
{
    private static ProgramProgress After(int cap, params string[] answers)
    {
        var progress = new ProgramProgress(cap);
        foreach (var a in answers)
            progress.Record(a, 100, null);
        return progress;
    }

    private static int Next(string spec, ProgramProgress progress) => PolicyCatalog.Create(PolicyCatalog.Parse(spec)).Next(progress);

    [Fact]
    public void Ac_StopsAtFourUnanimousVotesNotThree()
    {
        Assert.Equal(1, Next("ac", After(40, "1", "1", "1")));
        Assert.Equal(0, Next("ac", After(40, "1", "1", "1", "1")));
        Assert.Equal(1, Next("ac", After(40, "1", "1", "1", "1", "1", "2")));
        Assert.Equal(0, Next("ac", After(40, "1", "1", "1", "1", "1", "1", "2")));
    }

    [Fact]
    public void Static_AtDetect_StopsAboveThresholdElseRunsToCap()
    {
        Assert.Equal(5, Next("static", After(40)));
        Assert.Equal(0, Next("static:threshold=0.6", After(40, "1", "1", "1", "1", "2"))); // 0.689
        Assert.Equal(35, Next("static:threshold=0.7", After(40, "1", "1", "1", "1", "2")));
        Assert.Equal(0, Next("static:threshold=0.7", After(6, "1", "2", "1", "2", "3", "3")));
    }

    [Fact]
    public void Static_RewardThreshold_MustPassToo()
    {
        var progress = new ProgramProgress(40);
        foreach (var r in new[] { 0.9, 0.2, 0.3, 0.2, 0.1 })
            progress.Record("1", 100, r);
        Assert.Equal(0, Next("static:threshold=0.7", progress));
        Assert.Equal(35, Next("static:threshold=0.7,reward=0.4", progress));
    }

    [Fact]
    public void Stepped_RechecksEveryStep()
    {
        Assert.Equal(2, Next("stepped:detect=5,every=2,threshold=0.9", After(40, "1", "1", "1", "2", "3")));
        Assert.Equal(0, Next("stepped:detect=5,every=2,threshold=0.6", After(40, "1", "1", "1", "1", "2")));
    }

    [Fact]
    public void Esc_StopsOnlyAtAnAgreeingWindow()
    {
        Assert.Equal(3, Next("esc:window=3", After(40)));
        Assert.Equal(1, Next("esc:window=3", After(40, "1", "1")));
        Assert.Equal(0, Next("esc:window=3", After(40, "1", "1", "1")));
        Assert.Equal(3, Next("esc:window=3", After(40, "1", "2", "1")));
        Assert.Equal(0, Next("esc:window=3", After(40, "1", "2", "1", "2", "2", "2")));
    }

    [Fact]
    public void Settle_UnanimousStart_StopsEarlierThanAc()
    {
        Assert.Equal(0, Next("settle:unanimous=2", After(40, "1", "1")));
        Assert.Equal(1, Next("settle:unanimous=3", After(40, "1", "1")));
        // 2 against 1 settles at 0.95 only once the leader has 6 (P = 0.965): no shorter run could stop, so 4 at once.
        Assert.Equal(4, Next("settle:unanimous=2,confidence=0.95", After(40, "1", "2", "1")));
    }

    [Fact]
    public void Settle_CloseRace_KeepsSampling()
    {
        var race = After(40, Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? "601" : "7").Append("601").ToArray());
        Assert.Equal(6, Next("settle:share=0", race)); // 11 vs 10 needs 17 vs 10 for P >= 0.9
        Assert.Equal(0, Next("settle:lead=1,share=0", race));
    }

    [Fact]
    public void Settle_ScatteredAfterCut_IsHopeless()
    {
        var scattered = After(40, Enumerable.Range(0, 16).Select(i => (i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        Assert.Equal(0, Next("settle:after=16,share=0.3", scattered));
        Assert.Equal(4, Next("settle:after=16,share=0", scattered)); // 4 vs 3 needs 8 vs 3 for P >= 0.9
    }

    [Fact]
    public void Terminate_StopsOnlyHopelessPrograms()
    {
        Assert.Equal(0, Next("terminate:after=4,below=0.3", After(40, "1", "2", "3", "4")));
        Assert.Equal(36, Next("terminate:after=4,below=0.3", After(40, "1", "1", "1", "2")));
    }

    [Fact]
    public void Length_StopsLongPrograms()
    {
        Assert.Equal(0, Next("length:detect=2,max_tokens=150", After(40, "1", "2")));
        Assert.Equal(38, Next("length:detect=2,max_tokens=250", After(40, "1", "2")));
    }

    [Fact]
    public void Curve_GrantsTheBucketsBudget()
    {
        const string spec = "curve:detect=2,edges=0.5,extra=30|0";
        Assert.Equal(0, Next(spec, After(40, "1", "1")));
        Assert.Equal(30, Next(spec, After(40, "1", "2")));
        Assert.Equal(0, Next(spec, After(40, Enumerable.Repeat("1", 32).ToArray())));
    }

    [Fact]
    public void Even_DrawsNOnce()
    {
        Assert.Equal(8, Next("sc:n=8", After(40)));
        Assert.Equal(0, Next("sc:n=8", After(40, "1")));
    }
}
