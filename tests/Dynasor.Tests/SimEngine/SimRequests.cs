using System.Text;
using Dynasor.Engines;
using Dynasor.SimEngine;

namespace Dynasor.Tests.SimEngine;

/// <summary>Request builders and a collector shared by the simulated-engine tests.</summary>
internal static class SimRequests
{
    public const string ProbeSuffix = "... Oh, I suddenly got the answer to the whole problem, **Final Answer**\n\n\\[ \\boxed{";

    public static SimulatedEngine Instant(int seed = 0) =>
        new(new SimEngineOptions { Seed = seed, TimeScale = 0 }, TimeProvider.System);

    public static ContinuationRequest Request(string question, string prefix = "", int maxTokens = 100_000, long? seed = null, IReadOnlyList<string>? stop = null) =>
        new([new ChatTurn("user", question)], prefix, maxTokens, new SamplingOptions(Seed: seed, Stop: stop));

    public static string Question(int i) => $"Question {i}: how many marbles are left after round {i * 7 % 13}?";

    public static async Task<Output> CollectAsync(SimulatedEngine engine, ContinuationRequest request, CancellationToken cancellationToken = default)
    {
        var tokens = new List<string>();
        var text = new StringBuilder();
        string? finish = null;
        var count = 0;
        await foreach (var token in engine.StreamAsync(request, cancellationToken))
        {
            Assert.Null(finish);
            if (token.Tokens > 0)
            {
                tokens.Add(token.Text);
            }

            count += token.Tokens;
            text.Append(token.Text);
            finish = token.FinishReason;
        }

        Assert.NotNull(finish);
        Assert.Equal(tokens.Count, count);
        return new Output(text.ToString(), tokens, finish!);
    }

    public sealed record Output(string Text, List<string> Tokens, string Finish);
}
