using Dynasor.Policies;
using Dynasor.Simulation;

namespace Dynasor.Tests.Simulation;

public sealed class MixAllocationTests
{
    private static readonly SimulationOptions Options = new() { Mix = ProgramMix.Parse(["sc", "rebase", "mcts"]), Cap = 40, RebaseWidth = 64, MctsIterations = 20 };

    private static Dictionary<ProgramKind, string> Resolved(string text, SimulationOptions? options = null, TraceShape? shape = null) =>
        MixAllocation.Parse(text).Resolve(options ?? Options, shape).ToDictionary(p => p.Key, p => p.Value.ToString());

    [Fact]
    public void Resolve_Uniform_IsEvenAllocationAtEachKindsCap()
    {
        Assert.Equal(new Dictionary<ProgramKind, string> { [ProgramKind.Sc] = "sc:n=40", [ProgramKind.Rebase] = "sc:n=64", [ProgramKind.Mcts] = "sc:n=20" }, Resolved("uniform"));
        // SC's n is at most what a trace question has.
        Assert.Equal("sc:n=16", Resolved("uniform", shape: new TraceShape(16, 500))[ProgramKind.Sc]);
    }

    [Fact]
    public void Resolve_Certaindex_IsEachKindsTable1Setting() =>
        Assert.Equal(new Dictionary<ProgramKind, string>
        {
            [ProgramKind.Sc] = "static:detect=5,reward=0,threshold=0.7",
            [ProgramKind.Rebase] = "static:detect=16,max_reward=0.99,reward=0,threshold=0.85",
            [ProgramKind.Mcts] = "static:detect=3,reward=0.4,threshold=0",
        }, Resolved("certaindex"));

    [Fact]
    public void Parse_OneSpec_AppliesToEveryKind()
    {
        var allocation = MixAllocation.Parse("static:detect=3,reward=0.4");
        Assert.Equal("static:detect=3,reward=0.4,threshold=0.7", allocation.Label);
        Assert.All(allocation.Resolve(Options, null).Values, s => Assert.Equal("static:detect=3,reward=0.4,threshold=0.7", s.ToString()));
    }

    [Fact]
    public void Parse_PerKind_TakesSpecsAndPresetsPerKind()
    {
        var allocation = MixAllocation.Parse("sc=settle; rebase=uniform ;mcts=static:detect=3,threshold=0,reward=0.5");
        Assert.Equal("sc=settle:after=16,confidence=0.9,lead=0,share=0.3,unanimous=2;rebase=uniform;mcts=static:detect=3,reward=0.5,threshold=0", allocation.Label);
        var specs = allocation.Resolve(Options, null);
        Assert.Equal("sc:n=64", specs[ProgramKind.Rebase].ToString());
        Assert.Equal("settle", specs[ProgramKind.Sc].Name);
    }

    [Fact]
    public void Parse_ScWithParameters_IsAPolicySpecNotAKind() =>
        Assert.Equal("sc:n=5", MixAllocation.Parse("sc:n=5").Label);

    [Theory]
    [InlineData("rebase=static;rebase=sc", "--allocation 'rebase=static;rebase=sc': rebase is given twice; give each kind once")]
    [InlineData("rebase=nope", "unknown policy 'nope'")]
    [InlineData("rebase=batch", "policy 'batch' allocates across a batch and cannot run one program alone")]
    [InlineData("rebase=sc;x", "--allocation 'rebase=sc;x': 'x' is not KIND=SPEC")]
    public void Parse_BadPerKind_NamesTheProblem(string text, string message) =>
        Assert.StartsWith(message, Assert.ThrowsAny<ArgumentException>(() => MixAllocation.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Resolve_KindMissing_NamesTheKindAndTheFix() =>
        Assert.Equal("--allocation 'rebase=uniform' gives no policy for mcts programs; add mcts=SPEC (or use uniform or certaindex)",
            Assert.Throws<ArgumentException>(() => MixAllocation.Parse("rebase=uniform").Resolve(Options with { Mix = ProgramMix.Parse(["rebase", "mcts"]) }, null)).Message);
}
