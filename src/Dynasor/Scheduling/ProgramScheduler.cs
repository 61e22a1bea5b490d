using Dynasor.Programs;

namespace Dynasor.Scheduling;

/// <summary>
/// The program-aware scheduler's mechanism. The rule: every waiting request belongs to a program; programs wait in one
/// line ordered by the <see cref="ISchedulingPolicy"/>'s key (ties by registration order), and
/// <see cref="Admit"/> releases the first program's oldest request, then asks again, until no request waits, the
/// in-flight window (sequences) is full, or the next request does not fit the token budget the engine offers; it
/// never skips ahead of a request that does not fit, so a long request cannot starve behind short ones. A program's
/// key is recomputed whenever its state changes (a request enqueued, released or finished, its prompt evicted) and
/// when it is first in line with an expired key (<see cref="SchedulingKey.Expires"/>: its deadline passed while it
/// waited); the same key keeps all of a program's requests together (gang) when the policy keys by program.
/// The same object fronts a live engine (through <see cref="SchedulingGate"/>) and the simulator's engine model:
/// time comes from the injected <see cref="TimeProvider"/>, and it never blocks. Not thread-safe: its owner locks.
/// </summary>
/// <typeparam name="TRequest">What the owner needs to start a request (a completion source, a simulated sequence).</typeparam>
public sealed class ProgramScheduler<TRequest>
{
    private readonly ISchedulingPolicy _policy;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly double _prior;
    private readonly PriorityQueue<(ProgramState Program, int Version), (SchedulingKey Key, long Id)> _line = new();
    private long _nextId;
    private long _finished;
    private long _finishedTokens;

    /// <param name="policy">Orders the waiting programs.</param>
    /// <param name="maxInFlight">Most requests released and not finished at once (sequences), at least 1.</param>
    /// <param name="time">The clock (system time live, virtual time in the simulator).</param>
    /// <param name="priorTokensPerSample">Length estimate of a request before any has finished, &gt; 0.</param>
    public ProgramScheduler(ISchedulingPolicy policy, int maxInFlight, TimeProvider time, double priorTokensPerSample = 500)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priorTokensPerSample);
        _policy = policy;
        MaxInFlight = maxInFlight;
        _time = time;
        _start = time.GetTimestamp();
        _prior = priorTokensPerSample;
    }

    /// <summary>The ordering policy.</summary>
    public ISchedulingPolicy Policy => _policy;

    /// <summary>Most requests in flight at once.</summary>
    public int MaxInFlight { get; }

    /// <summary>Requests released and not yet finished.</summary>
    public int InFlight { get; private set; }

    /// <summary>Requests waiting in all programs.</summary>
    public int Waiting { get; private set; }

    /// <summary>Seconds since this scheduler was created, on its clock.</summary>
    public double Now => _time.GetElapsedTime(_start).TotalSeconds;

    /// <summary>The remaining-samples predictor this scheduler trains from its finished programs.</summary>
    public RemainingWorkModel Remaining { get; } = new();

    /// <summary>Mean output tokens of finished requests, or the prior before the first.</summary>
    public double MeanTokensPerSample => _finished == 0 ? _prior : (double)_finishedTokens / _finished;

    /// <summary>Registers a program arriving now; <paramref name="deadline"/> is relative to now.</summary>
    public ProgramState Register(ProgramProgress progress, TimeSpan? deadline = null)
    {
        var now = Now;
        return new ProgramState(_nextId++, progress, now, deadline is { } d ? now + d.TotalSeconds : null)
        {
            Requests = new Queue<(TRequest, double)>(),
        };
    }

    /// <summary>Puts a request of <paramref name="program"/> in line (behind the program's other waiting requests).</summary>
    public void Enqueue(ProgramState program, TRequest request)
    {
        var queue = QueueOf(program);
        var now = Now;
        Remaining.Observe(program);
        queue.Enqueue((request, now));
        Waiting++;
        program.Waiting++;
        if (queue.Count == 1)
        {
            program.OldestWaitingSince = now;
            Rekey(program);
        }
    }

    /// <summary>
    /// Releases requests in policy order while the window and <paramref name="tokenBudget"/> allow. For each,
    /// <paramref name="cost"/> says how much of the budget it needs (called before release), and
    /// <paramref name="start"/> hands it to the engine.
    /// </summary>
    public AdmissionStop Admit(long tokenBudget, Func<ProgramState, TRequest, long> cost, Action<ProgramState, TRequest> start)
    {
        while (true)
        {
            if (!TryPeek(out var program, out var key))
                return AdmissionStop.QueueEmpty;
            if (InFlight >= MaxInFlight)
                return AdmissionStop.WindowFull;
            var queue = QueueOf(program);
            var (request, _) = queue.Peek();
            var need = cost(program, request);
            if (need > tokenBudget)
                return AdmissionStop.BudgetExhausted;
            tokenBudget -= need;
            queue.Dequeue();
            Waiting--;
            program.Waiting--;
            InFlight++;
            program.Running++;
            program.PromptCached = true;
            program.ReleaseKey = key;
            if (queue.Count > 0)
                program.OldestWaitingSince = queue.Peek().Item2;
            Rekey(program);
            start(program, request);
        }
    }

    /// <summary>A released request of <paramref name="program"/> finished with <paramref name="tokens"/> output tokens.</summary>
    public void Finish(ProgramState program, int tokens)
    {
        if (program.Running <= 0)
            throw new InvalidOperationException($"program {program.Id} has no request in flight to finish");
        InFlight--;
        program.Running--;
        program.AttainedTokens += tokens;
        _finished++;
        _finishedTokens += tokens;
        Rekey(program);
    }

    /// <summary>
    /// <paramref name="program"/> returned its answer: it leaves the scheduler, and its path teaches
    /// <see cref="Remaining"/>. Call once per program, after its last request finished.
    /// </summary>
    public void Complete(ProgramState program)
    {
        Remaining.Learn(program);
        program.Version++;
    }

    /// <summary>The engine dropped <paramref name="program"/>'s prompt from its prefix cache.</summary>
    public void Evicted(ProgramState program)
    {
        program.PromptCached = false;
        Rekey(program);
    }

    /// <summary>Re-reads a program's key after something a policy reads changed outside the scheduler (its votes).</summary>
    public void Rekey(ProgramState program)
    {
        program.Version++;
        if (program.Waiting == 0)
            return;
        var now = Now;
        var key = _policy.Key(program, new SchedulingContext(now, MeanTokensPerSample, Remaining));
        // A key already expired when computed cannot get fresher by recomputing it now.
        if (key.Expires <= now)
            key = key with { Expires = null };
        _line.Enqueue((program, program.Version), (key, program.Id));
    }

    /// <summary>Removes the waiting requests of <paramref name="program"/> that <paramref name="drop"/> selects (cancelled ones).</summary>
    public void RemoveWhere(ProgramState program, Func<TRequest, bool> drop)
    {
        var queue = QueueOf(program);
        var kept = queue.Where(e => !drop(e.Item1)).ToList();
        if (kept.Count == queue.Count)
            return;
        Waiting -= queue.Count - kept.Count;
        program.Waiting = kept.Count;
        queue.Clear();
        foreach (var e in kept)
            queue.Enqueue(e);
        if (kept.Count > 0)
            program.OldestWaitingSince = kept[0].Item2;
        Rekey(program);
    }

    private bool TryPeek(out ProgramState program, out SchedulingKey key)
    {
        // Entries are never updated in place: a state change pushes a fresh entry and stale ones are dropped here.
        while (_line.TryPeek(out var entry, out var priority))
        {
            if (entry.Version == entry.Program.Version && entry.Program.Waiting > 0)
            {
                if (priority.Key.Expires <= Now)
                {
                    // Only the head's expiry matters: a stale key deeper in line is re-read when it comes up.
                    Rekey(entry.Program);
                    continue;
                }
                program = entry.Program;
                key = priority.Key;
                return true;
            }
            _line.Dequeue();
        }
        program = null!;
        key = default;
        return false;
    }

    private static Queue<(TRequest, double)> QueueOf(ProgramState program) =>
        program.Requests as Queue<(TRequest, double)>
        ?? throw new ArgumentException($"program {program.Id} was registered with another scheduler", nameof(program));
}
