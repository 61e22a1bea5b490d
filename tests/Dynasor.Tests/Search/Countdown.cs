namespace Dynasor.Tests.Search;

/// <summary>Completes <see cref="Reached"/> once <see cref="Hit"/> has been called <c>target</c> times; thread-safe.</summary>
internal sealed class Countdown(int target)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public Task Reached => _reached.Task;

    public void Hit()
    {
        if (Interlocked.Increment(ref _count) == target)
            _reached.SetResult();
    }
}
