namespace Dynasor.Tests.SimEngine;

/// <summary>
/// A clock that moves only when a test says so. Timers fire inside <see cref="AdvanceToNextTimer"/>, outside the
/// lock, so a callback may create the next timer. <see cref="WaitForTimerAsync"/> lets a test wait until the code
/// under test is blocked on the clock.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private TaskCompletionSource? _timerCreated;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public TimeSpan Elapsed => GetUtcNow() - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan)
        {
            throw new NotSupportedException("ManualTimeProvider supports one-shot timers only.");
        }

        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            timer.Due = _now + dueTime;
            _timers.Add(timer);
            _timerCreated?.TrySetResult();
            _timerCreated = null;
        }

        return timer;
    }

    /// <summary>Completes when at least one timer is pending (wall-clock guard: 10 s, so a bug fails rather than hangs).</summary>
    public Task WaitForTimerAsync()
    {
        lock (_gate)
        {
            if (_timers.Count > 0)
            {
                return Task.CompletedTask;
            }

            _timerCreated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _timerCreated.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>Moves the clock to the earliest pending timer's due time and fires every timer due then.</summary>
    public void AdvanceToNextTimer()
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            if (_timers.Count == 0)
            {
                throw new InvalidOperationException("No timer is pending.");
            }

            var next = _timers.Min(t => t.Due);
            _now = next;
            due = _timers.Where(t => t.Due <= next).ToList();
            _timers.RemoveAll(t => t.Due <= next);
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException("ManualTimeProvider timers cannot be changed.");

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
