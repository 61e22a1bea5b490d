using Dynasor.SimEngine;
using Dynasor.Synthesis;
using static Dynasor.Tests.SimEngine.SimRequests;

namespace Dynasor.Tests.SimEngine;

public class ChainStatisticsTests
{
    private const int Questions = 200;
    private const int Samples = 32;

    [Fact]
    public void Chains_200Questions_SettleAtAboutAThirdOfTheirLength()
    {
        var planner = new ContinuationPlanner(new SimEngineOptions());
        var shares = new List<double>();
        var lengths = new List<double>();
        for (var q = 0; q < Questions; q++)
        {
            var chain = planner.Chain(Question(q), ChainOpening.CodeOf((ulong)q));
            shares.Add((double)chain.SettleEnd / chain.Tokens.Length);
            lengths.Add(chain.Tokens.Length);
        }

        // AMC23 on a DeepSeek-R1 distill: right at a median of ~830 of ~2.7K tokens (0.31). Measured here: 0.31.
        Assert.InRange(Median(shares), 0.26, 0.36);
        Assert.True(shares.Min() > 0.0 && shares.Max() < 1.0);

        // Tens of seconds alone at TimeScale 1 (about 20 ms per token): median length 1.2K to 2K tokens.
        Assert.InRange(Median(lengths), 1200, 2000);
    }

    [Fact]
    public void SelfConsistency_ByZone_VotesLikeTheSyntheticQuestionModel()
    {
        // Same questions, two voters: the engine's chains (one per sampling seed) and the synthetic-trace sampler
        // drawing straight from each question's model. Zones must agree on one-sample and majority accuracy.
        var planner = new ContinuationPlanner(new SimEngineOptions());
        var sampler = new Random(11);
        var zones = new Dictionary<QuestionZone, Tally>();
        for (var q = 0; q < Questions; q++)
        {
            var model = planner.Question(Question(q)).Model;
            var engineVotes = new Dictionary<string, int>();
            var synthVotes = new Dictionary<string, int>();
            var tally = zones.TryGetValue(model.Zone, out var found) ? found : zones[model.Zone] = new Tally();
            for (var s = 0; s < Samples; s++)
            {
                var chain = planner.Chain(Question(q), ChainOpening.CodeOf((ulong)s));
                Vote(engineVotes, chain.FinalAnswer);
                tally.EngineRight += chain.Correct ? 1 : 0;
                var (answer, correct) = model.DrawAnswer(sampler);
                Vote(synthVotes, answer);
                tally.SynthRight += correct ? 1 : 0;
            }

            tally.Questions++;
            tally.EngineMajority += Leader(engineVotes) == model.Gold ? 1 : 0;
            tally.SynthMajority += Leader(synthVotes) == model.Gold ? 1 : 0;
        }

        var easy = zones[QuestionZone.Easy];
        Assert.InRange(easy.Questions, 160, 195);
        Assert.InRange(easy.EngineMajority - easy.SynthMajority, -4, 4);
        Assert.InRange(Rate(easy.EngineRight, easy.Questions * Samples) - Rate(easy.SynthRight, easy.Questions * Samples), -0.02, 0.02);
        foreach (var zone in new[] { QuestionZone.Scaling, QuestionZone.Impossible })
        {
            var t = zones[zone];
            Assert.InRange(Rate(t.EngineRight, t.Questions * Samples) - Rate(t.SynthRight, t.Questions * Samples), -0.06, 0.06);
            Assert.InRange(Rate(t.EngineMajority, t.Questions) - Rate(t.SynthMajority, t.Questions), -0.25, 0.25);
        }

        // Overall, as the synthetic GSM8K fit: SC@40 majority 94% (seed mean), one sample 89%.
        var all = zones.Values;
        Assert.InRange(Rate(all.Sum(t => t.EngineMajority), Questions), 0.90, 0.98);
        Assert.InRange(Rate(all.Sum(t => t.EngineRight), Questions * Samples), 0.84, 0.94);
    }

    private static void Vote(Dictionary<string, int> votes, string answer) => votes[answer] = votes.GetValueOrDefault(answer) + 1;

    private static string Leader(Dictionary<string, int> votes) => votes.MaxBy(v => v.Value).Key;

    private static double Rate(int count, int total) => (double)count / total;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private sealed class Tally
    {
        public int Questions { get; set; }
        public int EngineRight { get; set; }
        public int SynthRight { get; set; }
        public int EngineMajority { get; set; }
        public int SynthMajority { get; set; }
    }
}
