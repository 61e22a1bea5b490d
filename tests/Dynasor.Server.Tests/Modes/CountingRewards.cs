using Dynasor.Rewards;

namespace Dynasor.Server.Tests.Modes;

/// <summary>
/// A reward model over another that counts its calls, those still open, and (with <see cref="Hold"/>) keeps each call
/// open until it is cancelled, so a test can disconnect while reward calls are in flight. <see cref="Failure"/> makes
/// every call fail as a reward server would. <see cref="OnCall"/> runs at the start of each call.
/// </summary>
internal sealed class CountingRewards(IRewardModel inner) : IRewardModel
{
    private int _open;
    private int _calls;

    public bool Hold { get; init; }

    public string? Failure { get; init; }

    public Action? OnCall { get; init; }

    public int Open => Volatile.Read(ref _open);

    public int Calls => Volatile.Read(ref _calls);

    public async ValueTask<RewardScore> ScoreAsync(RewardRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Increment(ref _open);
        try
        {
            OnCall?.Invoke();
            if (Failure is not null)
                throw new RewardModelException(Failure);
            if (Hold)
                await Task.Delay(Timeout.Infinite, cancellationToken);
            return await inner.ScoreAsync(request, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }
}
