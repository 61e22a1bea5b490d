using Dynasor.Search;

namespace Dynasor.Tests.Search;

public class SearchEvaluatorOptionsTests
{
    [Theory]
    [InlineData("beam", "program 'beam' is not a reward-guided program; use rebase, mcts, bon, wsc")]
    [InlineData("mcts", "cap 0 is out of range; use 1..1000", 0)]
    [InlineData("mcts", "cap 1001 is out of range", 1001)]
    public void Validate_BadProgramOrCap_NamesItAndTheFix(string program, string expected, int cap = 3)
    {
        var e = Assert.Throws<ArgumentException>(() => new SearchEvalOptions(program, [cap], []).Validate());
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Validate_BatchPolicy_RefusedBeforeAnyRequest()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new SearchEvalOptions("rebase", [16], ["batch"]).Validate());
        Assert.Contains("cannot run one program alone", e.Message);
    }

    [Fact]
    public void Validate_TraceOfRebase_SaysTracesAreForMcts()
    {
        var e = Assert.Throws<ArgumentException>(() => new SearchEvalOptions("rebase", [16], []) { RecordTrace = true }.Validate());
        Assert.Contains("recorded for mcts only", e.Message);
    }

    [Fact]
    public void Settings_CapsUnsortedAndPolicyRepeatsEven_EvenRowsAscendThenEachPolicyOnce()
    {
        var settings = new SearchEvalOptions("mcts", [20, 3, 10, 3], ["sc:n=10", "static:detect=3,threshold=0,reward=0.4", "static:reward=0.4,detect=3,threshold=0"]).Settings();

        Assert.Equal(["sc:n=3", "sc:n=10", "sc:n=20", "static:detect=3,reward=0.4,threshold=0"], settings.Select(s => s.Spec.ToString()));
        Assert.Equal([3, 10, 20, 20], settings.Select(s => s.Cap));
        Assert.Equal([true, true, true, false], settings.Select(s => s.Even));
    }

    [Theory]
    [InlineData("rebase")]
    [InlineData("mcts")]
    [InlineData("bon")]
    [InlineData("wsc")]
    public void Defaults_EveryProgram_ValidateAndPutPoliciesAfterTheEvenRows(string program)
    {
        var options = new SearchEvalOptions(program, SearchEvalOptions.DefaultCaps(program), SearchEvalOptions.DefaultPolicies(program)).Validate();

        var settings = options.Settings();
        Assert.Equal(SearchEvalOptions.DefaultCaps(program).Count + SearchEvalOptions.DefaultPolicies(program).Count, settings.Count);
        Assert.All(settings.Where(s => !s.Even), s => Assert.Equal(options.MaxCap, s.Cap));
    }
}
