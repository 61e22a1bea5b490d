using Dynasor.Certainty;
using Dynasor.Policies;
using Dynasor.Programs;
using FsCheck;
using FsCheck.Fluent;

namespace Dynasor.Tests.Policies;

/// <summary>
/// The settle policy grants several samples at once only when no shorter run could have stopped: on any sequence of
/// answers it must stop at exactly the sample a one-sample-at-a-time reading of its rules stops at.
/// </summary>
public class SettleLookaheadTests
{
    private static Config Seeded(int maxTest) => SeededProperties.Config(maxTest, 0x5E_77_1EUL);

    [Fact]
    public void Waves_OnAnyAnswerSequence_StopAtTheSampleTheSequentialRulesStopAt()
    {
        // Answers from a small alphabet (many agreements and races), with "" as an abstention.
        var answers = Gen.ArrayOf(Gen.Elements("", "1", "1", "1", "2", "2", "3", "4", "5", "6", "7"), 40);
        var cases = Arb.From(
            from seq in answers
            from unanimous in Gen.Choose(1, 5)
            from lead in Gen.Elements(0, 0, 1, 2, 3, 5)
            from confidence in Gen.Elements(0.6, 0.8, 0.85, 0.9, 0.95, 0.99, 1.0)
            from after in Gen.Choose(1, 40)
            from share in Gen.Elements(0.0, 0.0, 0.2, 0.3, 0.35, 0.5)
            from cap in Gen.Choose(1, 40)
            select (seq, unanimous, lead, confidence, after, share, cap));
        Prop.ForAll(cases, c =>
        {
            var spec = FormattableString.Invariant(
                $"settle:unanimous={c.unanimous},lead={c.lead},confidence={c.confidence},after={c.after},share={c.share}");
            var policy = PolicyCatalog.Create(PolicyCatalog.Parse(spec));
            var waves = Run(c.seq, c.cap, policy.Next);
            var sequential = Run(c.seq, c.cap, p => SequentialReference(p, c.unanimous, c.lead, c.confidence, c.after, c.share));
            Assert.Equal(sequential.Samples, waves.Samples);
            Assert.True(waves.Waves <= sequential.Waves);
        }).Check(Seeded(2000));
    }

    [Fact]
    public void FirstWave_IsTheFewestVotesThatCanSettle()
    {
        Assert.Equal(2, PolicyCatalog.Create(PolicyCatalog.Parse("settle:unanimous=2,confidence=0.99")).Next(new ProgramProgress(40)));
        Assert.Equal(3, PolicyCatalog.Create(PolicyCatalog.Parse("settle:unanimous=3,confidence=0.99")).Next(new ProgramProgress(40)));
        // Beta(3,1) gives 0.875, so at 0.85 two agreeing votes settle even when `unanimous` asks for four.
        Assert.Equal(2, PolicyCatalog.Create(PolicyCatalog.Parse("settle:unanimous=4,confidence=0.85")).Next(new ProgramProgress(40)));
        Assert.Equal(3, PolicyCatalog.Create(PolicyCatalog.Parse("settle:unanimous=3,confidence=0.99")).Next(new ProgramProgress(3)));
    }

    private static (int Samples, int Waves) Run(string[] answers, int cap, Func<ProgramProgress, int> next)
    {
        var progress = new ProgramProgress(cap);
        var waves = 0;
        while (progress.Remaining > 0)
        {
            var grant = Math.Min(next(progress), progress.Remaining);
            if (grant <= 0)
                break;
            waves++;
            for (var i = 0; i < grant; i++)
                progress.Record(answers[progress.Samples], 100, null);
        }
        return (progress.Samples, waves);
    }

    /// <summary>The settle rules read after every sample, as written before waves (one sample per grant).</summary>
    private static int SequentialReference(ProgramProgress progress, int unanimous, int lead, double confidence, int after, double share)
    {
        var votes = progress.Votes;
        if (votes.Votes == 0)
            return 1;
        int a = votes.LeaderCount, b = votes.RunnerUpCount;
        if (b == 0 && a >= unanimous)
            return 0;
        if (lead > 0 && a - b >= lead)
            return 0;
        if (BetaMajority.Probability(a, b) >= confidence)
            return 0;
        if (share > 0 && progress.Samples >= after && a < share * votes.Votes)
            return 0;
        return 1;
    }
}
