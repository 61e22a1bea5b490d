using System.Collections.Concurrent;
using Dynasor.Rewards;

namespace Dynasor.Search;

/// <summary>
/// One question's reward calls, kept by the path they scored, so an evaluation that runs several policies over the same
/// question pays the reward model once per distinct path. A kept score is what the model would give again: a process
/// reward model is a deterministic function of the text (the simulated PRM by construction, a served PRM at inference).
/// Every call, kept or not, adds its tokens to <see cref="Tokens"/>, so the programs' accounting is what a run of each
/// policy alone would report. Serves one question (its scores are keyed by the steps alone); thread safe.
/// </summary>
internal sealed class RewardCache(IRewardModel inner) : IRewardModel
{
    private readonly ConcurrentDictionary<string, RewardScore> _kept = new(StringComparer.Ordinal);
    private long _tokens;

    /// <summary>Tokens the reward model read over every call made through this cache, repeated calls counted again.</summary>
    public long Tokens => Interlocked.Read(ref _tokens);

    /// <summary>Tokens of the kept score of the path <paramref name="steps"/>; 0 when it was never scored here.</summary>
    public int TokensOf(IReadOnlyList<string> steps) => _kept.TryGetValue(SolutionSteps.Join(steps), out var score) ? score.Tokens : 0;

    public async ValueTask<RewardScore> ScoreAsync(RewardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Steps never hold the separator (they are cut at it), so the joined text names the path.
        var key = SolutionSteps.Join(request.Steps);
        if (!_kept.TryGetValue(key, out var score))
        {
            score = await inner.ScoreAsync(request, cancellationToken).ConfigureAwait(false);
            score = _kept.GetOrAdd(key, score);
        }
        Interlocked.Add(ref _tokens, score.Tokens);
        return score;
    }
}
