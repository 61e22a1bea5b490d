using Dynasor.Programs;

namespace Dynasor.Scheduling;

/// <summary>
/// A <see cref="ProgramScheduler{TRequest}"/> in front of a live engine: a request waits asynchronously in
/// <see cref="EnterAsync"/> until the scheduler releases it into the in-flight window, and gives its slot back with
/// <see cref="Exit"/>. Thread-safe. The live server puts one gate in front of each upstream engine.
/// </summary>
public sealed class SchedulingGate
{
    private readonly object _lock = new();
    private readonly ProgramScheduler<TaskCompletionSource<SchedulingKey>> _scheduler;

    /// <param name="policy">Orders the waiting programs.</param>
    /// <param name="maxInFlight">Most requests inside the engine at once (sequences), at least 1.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> live.</param>
    /// <param name="priorTokensPerSample">Length estimate of a request before any has finished.</param>
    public SchedulingGate(ISchedulingPolicy policy, int maxInFlight, TimeProvider time, double priorTokensPerSample = 500) =>
        _scheduler = new ProgramScheduler<TaskCompletionSource<SchedulingKey>>(policy, maxInFlight, time, priorTokensPerSample);

    /// <summary>Requests inside the engine now.</summary>
    public int InFlight
    {
        get { lock (_lock) return _scheduler.InFlight; }
    }

    /// <summary>Requests waiting now.</summary>
    public int Waiting
    {
        get { lock (_lock) return _scheduler.Waiting; }
    }

    /// <summary>Most requests inside the engine at once.</summary>
    public int MaxInFlight => _scheduler.MaxInFlight;

    /// <summary>The ordering policy's name.</summary>
    public string PolicyName => _scheduler.Policy.Name;

    /// <summary>Mean output tokens of finished requests (the prior before the first): the length estimate of unseen work.</summary>
    public double MeanTokensPerSample
    {
        get { lock (_lock) return _scheduler.MeanTokensPerSample; }
    }

    /// <summary>Predicted remaining output tokens of <paramref name="program"/>, as the scheduler's learned model sees it.</summary>
    public double PredictRemainingTokens(ProgramState program)
    {
        lock (_lock)
            return _scheduler.Remaining.PredictTokens(program, _scheduler.MeanTokensPerSample);
    }

    /// <summary>Registers a program arriving now, with an optional deadline relative to now.</summary>
    public ProgramState Register(ProgramProgress progress, TimeSpan? deadline = null)
    {
        lock (_lock)
            return _scheduler.Register(progress, deadline);
    }

    /// <summary>
    /// Waits until the scheduler lets one request of <paramref name="program"/> into the engine. Cancelling removes
    /// the request from the line and throws <see cref="OperationCanceledException"/>; once admitted, the caller
    /// must call <see cref="Exit"/> exactly once, whatever happens. Returns the program's key at release (smaller
    /// runs first), for engines that take a request priority.
    /// </summary>
    public async ValueTask<SchedulingKey> EnterAsync(ProgramState program, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Continuations run asynchronously so that admitting a request never runs its caller under our lock.
        var admitted = new TaskCompletionSource<SchedulingKey>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _scheduler.Enqueue(program, admitted);
            Pump();
        }
        using var registration = cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                if (admitted.Task.IsCompleted)
                    return;
                _scheduler.RemoveWhere(program, r => r == admitted);
                admitted.TrySetCanceled(cancellationToken);
            }
        });
        return await admitted.Task.ConfigureAwait(false);
    }

    /// <summary>An admitted request of <paramref name="program"/> left the engine after <paramref name="tokens"/> output tokens.</summary>
    public void Exit(ProgramState program, int tokens)
    {
        lock (_lock)
        {
            _scheduler.Finish(program, tokens);
            Pump();
        }
    }

    /// <summary><paramref name="program"/> returned its answer; the scheduler learns from it. Call once per program.</summary>
    public void Complete(ProgramState program)
    {
        lock (_lock)
            _scheduler.Complete(program);
    }

    private void Pump() => _scheduler.Admit(long.MaxValue, static (_, _) => 0, static (program, admitted) => admitted.TrySetResult(program.ReleaseKey));
}
