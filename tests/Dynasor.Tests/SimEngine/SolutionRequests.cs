using Dynasor.Engines;
using Dynasor.Rewards;

namespace Dynasor.Tests.SimEngine;

/// <summary>Solution-mode requests: the step-by-step system prompt, the question, and the solution so far.</summary>
internal static class SolutionRequests
{
    public static readonly string[] StopAtStep = [SolutionSteps.Separator];

    public static ContinuationRequest Solve(string question, string prefix = "", long? seed = null, IReadOnlyList<string>? stop = null, int maxTokens = 100_000, string system = SolutionSteps.SystemPrompt) =>
        new([new ChatTurn("system", system), new ChatTurn("user", question)], prefix, maxTokens, new SamplingOptions(Seed: seed, Stop: stop));
}
