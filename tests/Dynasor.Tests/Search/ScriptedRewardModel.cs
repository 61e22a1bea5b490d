using Dynasor.Rewards;

namespace Dynasor.Tests.Search;

/// <summary>
/// A fake process reward model: step i of a request gets <c>reward(steps[..(i+1)])</c>, so a path's last-step reward is
/// <c>reward(path)</c>. Each call reads 10 tokens plus one per character of its steps. Throw from the callback to fail a
/// call. Records every request and the calls open at once; <see cref="Before"/> lets a test hold a call. Thread-safe.
/// </summary>
internal sealed class ScriptedRewardModel(Func<IReadOnlyList<string>, double> reward) : IRewardModel
{
    private readonly Lock _lock = new();
    private int _open;
    private long _tokensRead;
    private int _cancelled;

    /// <summary>Awaited before a call answers; null: none.</summary>
    public Func<RewardRequest, CancellationToken, Task>? Before { get; init; }

    public List<RewardRequest> Requests { get; } = [];

    public int Open => Volatile.Read(ref _open);

    /// <summary>Calls that ended because their token was cancelled.</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    public long TokensRead => Interlocked.Read(ref _tokensRead);

    public static int TokensOf(RewardRequest request) => 10 + request.Steps.Sum(s => s.Length);

    public async ValueTask<RewardScore> ScoreAsync(RewardRequest request, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            Requests.Add(request);
        Interlocked.Increment(ref _open);
        try
        {
            if (Before is { } before)
                await before(request, cancellationToken);
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            var rewards = Enumerable.Range(1, request.Steps.Count).Select(n => reward(request.Steps.Take(n).ToList())).ToList();
            var tokens = TokensOf(request);
            Interlocked.Add(ref _tokensRead, tokens);
            return new RewardScore(rewards, tokens);
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
                Interlocked.Increment(ref _cancelled);
            Interlocked.Decrement(ref _open);
        }
    }
}
