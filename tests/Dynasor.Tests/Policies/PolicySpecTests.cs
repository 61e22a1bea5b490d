using Dynasor.Policies;

namespace Dynasor.Tests.Policies;

public class PolicySpecTests
{
    [Theory]
    [InlineData("ac", "ac:confidence=0.95")]
    [InlineData("esc:window=7", "esc:window=7")]
    [InlineData(" STATIC : threshold=0.8 , detect=3 ", "static:detect=3,reward=0,threshold=0.8")]
    [InlineData("sc:n=40", "sc:n=40")]
    public void Parse_FillsDefaultsAndCanonicalises(string text, string canonical) =>
        Assert.Equal(canonical, PolicyCatalog.Parse(text).ToString());

    [Theory]
    [InlineData("nope", "unknown policy 'nope'")]
    [InlineData("esc:size=5", "policy 'esc' has no parameter 'size' (known: window)")]
    [InlineData("esc:window=0", "window=0 is invalid; use a whole number from 1 to 1000")]
    [InlineData("ac:confidence=abc", "confidence=abc is invalid")]
    [InlineData("static:threshold", "'threshold' is not key=value")]
    [InlineData("esc:window=3,window=4", "parameter 'window' is given twice")]
    [InlineData("", "empty policy spec")]
    [InlineData("curve:edges=0.5,extra=3", "needs one more 'extra' entry than 'edges'")]
    [InlineData("@/no/such/policy.json", "policy file '/no/such/policy.json' does not exist")]
    public void Parse_BadSpec_SaysWhatIsWrong(string text, string message)
    {
        var e = Assert.Throws<PolicySpecException>(() => PolicyCatalog.Parse(text));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Parse_PolicyFile_ReadsItsSpec()
    {
        var path = Path.GetTempFileName();
        try
        {
            new PolicyFile { Spec = "settle:unanimous=3" }.Save(path);
            Assert.Equal("settle:after=16,confidence=0.9,lead=0,share=0.3,unanimous=3", PolicyCatalog.Parse("@" + path).ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_MalformedPolicyFile_NamesTheFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "{ not json");
            var e = Assert.Throws<PolicySpecException>(() => PolicyCatalog.Parse("@" + path));
            Assert.Contains($"policy file '{path}' is not valid JSON", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Families_EveryDefaultSpecAndSweepPointParses()
    {
        var shape = new TraceShape(40, 120);
        foreach (var family in PolicyCatalog.Families.Where(f => !f.IsFitted))
        {
            PolicyCatalog.Parse(family.Name);
            foreach (var spec in family.Sweep(shape).Concat(family.CalibrationGrid(shape)))
                PolicyCatalog.Parse(spec);
        }
    }

    [Fact]
    public void Create_Batch_IsRefusedForASingleProgram() =>
        Assert.Throws<PolicySpecException>(() => PolicyCatalog.Create(PolicyCatalog.Parse("batch")));

    [Theory]
    [InlineData("sc", "sc:n=10")]
    [InlineData("sc:n=8", "sc:n=8")]
    [InlineData("batch", "batch:budget=482,initial=1")]
    [InlineData("batch:budget=300,initial=2", "batch:budget=300,initial=2")]
    [InlineData("ac", "ac:confidence=0.95")]
    public void Resolve_SaysWhatRunsOnTheTrace(string spec, string resolved)
    {
        // 10 samples per question of 120.4 tokens: sc:n=40 draws 10, the default batch budget is 4 x 120.4 rounded up.
        var shape = new TraceShape(10, 120.4);
        Assert.Equal(resolved, PolicyCatalog.Resolve(PolicyCatalog.Parse(spec), shape).ToString());
    }
}
