using Dynasor.Policies;
using Dynasor.Programs;

namespace Dynasor.Tests.Policies;

public class BatchGainModelTests
{
    [Fact]
    public void GainPerToken_LongBandLessConsistent_ValuesALoneLongVoteAboveALoneShortOne()
    {
        // Short questions (100-token samples) always agree; long ones (1000 tokens) split half the time. Each band's
        // prior learns its own consistency, so per sample a lone long vote is worth more than a lone short vote.
        var programs = new List<SelfConsistencyProgram>();
        for (var i = 0; i < 20; i++)
            programs.Add(Program(100, "7", "7"));
        for (var i = 0; i < 10; i++)
            programs.Add(i % 2 == 0 ? Program(1000, "3", "4") : Program(1000, "3", "3"));
        var shortLone = programs.Count;
        programs.Add(Program(100, "7"));
        var longLone = programs.Count;
        programs.Add(Program(1000, "3"));

        var model = new BatchGainModel(programs);
        model.Refit();

        var shortPerSample = model.GainPerToken(shortLone) * 100;
        var longPerSample = model.GainPerToken(longLone) * 1000;
        Assert.True(longPerSample > 2 * shortPerSample, $"long {longPerSample:G3} vs short {shortPerSample:G3} per sample");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(6, 1)]
    [InlineData(19, 1)]
    [InlineData(20, 2)]
    [InlineData(30, 3)]
    [InlineData(1318, 3)]
    public void Bands_KeepAtLeastTenProgramsInEachBand(int programs, int bands) => Assert.Equal(bands, BatchGainModel.Bands(programs));

    [Fact]
    public void GainPerToken_SmallBatch_OnePriorForAll()
    {
        // Six programs are too few to split: a lone long vote and a lone short vote are judged by the same prior, so
        // per sample they are worth the same (with three bands of two, each would follow its own pair's noise).
        var programs = new List<SelfConsistencyProgram>
        {
            Program(100, "7", "7"), Program(100, "7", "7"), Program(1000, "3", "4"), Program(1000, "3", "3"),
            Program(100, "7"), Program(1000, "3"),
        };
        var model = new BatchGainModel(programs);
        model.Refit();
        Assert.Equal(model.GainPerToken(4) * 100, model.GainPerToken(5) * 1000, 12);
    }

    [Fact]
    public void GainPerToken_CappedProgram_IsZeroAndFreshOneComesFirst()
    {
        var capped = new SelfConsistencyProgram("q", 1);
        capped.Progress.Record("7", 10, null);
        var model = new BatchGainModel([capped, new SelfConsistencyProgram("q", 4)]);
        model.Refit();
        Assert.Equal(0, model.GainPerToken(0));
        Assert.Equal(double.MaxValue, model.GainPerToken(1));
    }

    private static SelfConsistencyProgram Program(int tokens, params string[] answers)
    {
        var program = new SelfConsistencyProgram("q", 8);
        foreach (var answer in answers)
            program.Progress.Record(answer, tokens, null);
        return program;
    }
}
