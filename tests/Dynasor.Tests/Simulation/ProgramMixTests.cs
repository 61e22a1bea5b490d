using Dynasor.Simulation;

namespace Dynasor.Tests.Simulation;

public sealed class ProgramMixTests
{
    [Fact]
    public void Parse_KindsWithAndWithoutWeights_KeepsOrderAndWeights()
    {
        var mix = ProgramMix.Parse(["rebase", "MCTS:2.5", "sc:0.5"]);
        Assert.Equal([new ProgramShare(ProgramKind.Rebase, 1), new ProgramShare(ProgramKind.Mcts, 2.5), new ProgramShare(ProgramKind.Sc, 0.5)], mix.Shares);
        Assert.Equal("rebase mcts:2.5 sc:0.5", mix.ToString());
    }

    [Theory]
    [InlineData("cot", "--program 'cot': unknown program 'cot'; use sc, rebase or mcts")]
    [InlineData("mcts:x", "--program 'mcts:x': weight 'x' is not a number; write KIND:WEIGHT (for example mcts:2)")]
    [InlineData("mcts:0", "--program mcts: weight 0 is out of range")]
    [InlineData("rebase:-1", "--program rebase: weight -1 is out of range")]
    [InlineData("mcts:1e7", "--program mcts: weight 10000000 is out of range; use a number above 0, at most 1000000 (for example mcts:2)")]
    public void Parse_BadItem_NamesTheOptionAndTheFix(string item, string message) =>
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => ProgramMix.Parse([item])).Message);

    [Fact]
    public void Parse_KindTwice_AsksForOneKindWithAWeight() =>
        Assert.Equal("--program mcts is given twice; give each kind once, with a weight for a larger share (for example mcts:2)",
            Assert.Throws<ArgumentException>(() => ProgramMix.Parse(["mcts", "rebase", "mcts"])).Message);

    [Fact]
    public void Draw_Weights_GiveEachKindItsShare()
    {
        var mix = ProgramMix.Parse(["sc:1", "mcts:3"]);
        var random = new Random(1);
        var kinds = Enumerable.Range(0, 4000).Select(_ => mix.Draw(random)).ToList();
        Assert.InRange(kinds.Count(k => k == ProgramKind.Mcts) / 4000.0, 0.73, 0.77);
        Assert.DoesNotContain(ProgramKind.Rebase, kinds);
    }

    [Fact]
    public void Draw_OneKind_ConsumesNoRandomness()
    {
        // An SC-only run draws exactly what it drew before there were kinds, so its results are unchanged.
        var random = new Random(3);
        Assert.Equal(ProgramKind.Rebase, ProgramMix.Parse(["rebase"]).Draw(random));
        Assert.Equal(new Random(3).NextDouble(), random.NextDouble());
    }
}
