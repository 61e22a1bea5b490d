using Dynasor.Answers;
using Dynasor.Programs;
using Dynasor.Rewards;

namespace Dynasor.Search;

/// <summary>
/// The finished paths of a tree search, in the order the program recorded them, and the result they add up to: the
/// program's answer under its rule, the path that shows it (the best-rewarded path that gave it, the first on a tie),
/// and the vote with each answer as first written. Owned by one program.
/// </summary>
internal sealed class PathLedger
{
    private readonly List<StepNode> _paths = [];

    /// <summary>Records the path that ends at <paramref name="leaf"/> as one knob unit of <paramref name="progress"/>.</summary>
    /// <param name="tokens">Output tokens to book with it (for a tree search: spent since the last record).</param>
    public void Record(ProgramProgress progress, StepNode leaf, int tokens)
    {
        _paths.Add(leaf);
        progress.Record(AnswerKey.Of(leaf.Answer), tokens, leaf.Reward);
    }

    public SearchResult Result(string program, ProgramProgress progress, StepGenerator generator, int nodes)
    {
        var key = progress.AnswerKey;
        var votes = new Dictionary<string, int>(StringComparer.Ordinal);
        var spelling = new Dictionary<string, string>(StringComparer.Ordinal);
        StepNode? chosen = null;
        foreach (var path in _paths)
        {
            var answer = path.Answer;
            var pathKey = AnswerKey.Of(answer);
            if (pathKey.Length == 0)
                continue;
            if (!spelling.TryGetValue(pathKey, out var shown))
                spelling[pathKey] = shown = answer;
            votes[shown] = votes.GetValueOrDefault(shown) + 1;
            if (pathKey == key && (chosen is null || (path.Reward ?? 0) > (chosen.Reward ?? 0)))
                chosen = path;
        }
        chosen ??= _paths.FirstOrDefault();
        return new SearchResult(program, key is null ? null : chosen?.Answer, key, chosen is null ? "" : SolutionSteps.Join(chosen.Steps),
            progress.Samples, progress.Certaindex, chosen?.Reward, generator.Steps, nodes, generator.UpstreamTokens, generator.RewardTokens,
            votes, chosen?.Finish ?? "stop") { PromptTokens = generator.PromptTokens };
    }
}
