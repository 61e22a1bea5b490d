using Dynasor.Policies;
using Dynasor.Programs;

namespace Dynasor.Tests.Programs;

public class ScEvaluatorTests
{
    [Fact]
    public async Task RunAsync_SeveralPolicies_ShareEachQuestionsSamplesAndAverage()
    {
        // Every sample answers 7 except seed 1 (sample 1), which answers 8.
        var engine = new SeededAnswerEngine(s => s == 1 ? "8" : "7");
        EvalQuestion[] questions = [new("a", "7"), new("b", "7"), new("c", "8"), new("d", "7")];
        var rows = await ScEvaluator.RunAsync(engine, questions, ["sc:n=6", "esc:window=3"], new ScOptions(MaxSamples: 10), 64, seed: 0, concurrency: 2);

        Assert.Equal(["sc:n=6", "esc:window=3"], rows.Select(r => r.Setting));
        Assert.All(rows, r => Assert.Equal(0.75, r.Accuracy));
        Assert.Equal(6, rows[0].SamplesPerQuestion);
        Assert.Equal(24, rows[0].UpstreamTokensPerQuestion);
        Assert.Equal(4, rows[0].CompletionTokensPerQuestion);
        // ESC: the first window (7, 8, 7) disagrees, the second (7, 7, 7) agrees.
        Assert.Equal(6, rows[1].SamplesPerQuestion);
        // Each question's six samples were generated once for both policies.
        Assert.Equal(4 * 6, engine.Requests.Count);
    }

    [Fact]
    public async Task RunAsync_BadSpec_ThrowsBeforeAnyRequest()
    {
        var engine = new SeededAnswerEngine(_ => "7");
        await Assert.ThrowsAsync<PolicySpecException>(() => ScEvaluator.RunAsync(engine, [new EvalQuestion("a", "7")], ["sc", "bogus:x=1"], new ScOptions(), 64, 0, 1));
        Assert.Empty(engine.Requests);
    }
}
