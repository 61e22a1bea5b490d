using Dynasor.Search;

namespace Dynasor.Tests.Search;

public class SearchOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreInRange()
    {
        var options = new SearchOptions().Validate();
        Assert.Equal((10, 256, 0.2, 1.0, 3), (options.MaxDepth, options.StepTokens, options.BalanceTemperature, options.Exploration, options.ExpansionWidth));
    }

    [Theory]
    [InlineData("max_depth 0 is out of range; use 1..100", 0, 256, 0.2, 1.0, 3)]
    [InlineData("step_tokens 0 is out of range; use 1..32768", 10, 0, 0.2, 1.0, 3)]
    [InlineData("balance_temperature 0 is out of range; use 0.01..100", 10, 256, 0, 1.0, 3)]
    [InlineData("balance_temperature NaN is out of range; use 0.01..100", 10, 256, double.NaN, 1.0, 3)]
    [InlineData("exploration -1 is out of range; use 0..100", 10, 256, 0.2, -1, 3)]
    [InlineData("expansion_width 65 is out of range; use 1..64", 10, 256, 0.2, 1.0, 65)]
    public void Validate_OutOfRange_NamesTheSettingAndTheFix(string message, int depth, int tokens, double temperature, double exploration, int width)
    {
        var error = Assert.Throws<ArgumentException>(() => new SearchOptions(depth, tokens, temperature, exploration, width).Validate());
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Constructor_CapOutOfRange_NamesTheCapAndItsBounds()
    {
        var engine = new ScriptedStepEngine(_ => "");
        var rewards = new ScriptedRewardModel(_ => 0);
        var error = Assert.Throws<ArgumentException>(() => new RebaseProgram(engine, rewards, RebaseProgramTests.Template, 0, new SearchOptions()));
        Assert.Equal("cap 0 (Rebase width: most solutions) is out of range; use 1..1000", error.Message);
        Assert.Throws<ArgumentException>(() => new MctsProgram(engine, rewards, RebaseProgramTests.Template, 1001, new SearchOptions()));
    }
}
