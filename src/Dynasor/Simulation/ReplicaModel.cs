using Dynasor.Scheduling;

namespace Dynasor.Simulation;

/// <summary>
/// One simulated engine replica: continuous batching of up to <see cref="SimulationOptions.MaxBatch"/> sequences
/// within a KV-token capacity, chunked prefill, and prefix caching of each program's shared prompt, timed by an
/// <see cref="IterationCostModel"/>. Its <see cref="ProgramScheduler{TRequest}"/> decides which waiting request enters
/// next. Decode runs in spans: between two events that can change the batch (a sequence finishing, a program
/// arriving while there is room) the batch is fixed, so the span's time has a closed form and no per-token events exist.
/// </summary>
/// <remarks>
/// KV accounting: a sequence reserves its whole output (the simulator knows the length) and its path (a tree step's
/// steps so far, 0 for an SC sample) when it enters, so there is no preemption; a program's prompt is held once from its
/// first request until the program ends, and a program with nothing running is the first whose prompt is evicted when
/// room is needed (PAPER.md). Prefix caching: while the program's prompt is held, a step's path is a cache hit (its
/// parent steps wrote it) except <see cref="SimulatedSequence.FreshTokens"/>; once evicted, prompt and path are
/// prefilled again. A sequence that alone exceeds the capacity is let in when the replica is otherwise empty, rather
/// than blocking forever.
/// </remarks>
internal sealed class ReplicaModel
{
    private const int BoundaryPriority = 1;
    private readonly EventQueue _events;
    private readonly SimulationOptions _options;
    private readonly Func<double> _nextArrival;
    private readonly ReplicaPlacement _placement;
    private readonly PriorityQueue<SimulatedSequence, long> _decoding = new();
    private readonly Queue<SimulatedSequence> _prefill = new();
    private readonly List<SimulatedSequence> _joining = [];
    private readonly Queue<SimulatedProgram> _idle = new();
    private readonly Func<ProgramState, SimulatedSequence, long> _cost;
    private readonly Func<ProgramState, SimulatedSequence, long> _forceCost;
    private readonly Action<ProgramState, SimulatedSequence> _start;
    private long _step;
    private int _batch;
    private double _sumContext;
    private long _kvUsed;
    private long _idlePromptTokens;
    private bool _scheduled;
    private long _pendingSteps;
    private bool _forced;

    public ReplicaModel(int index, EventQueue events, SimulationOptions options, ISchedulingPolicy policy, double priorTokensPerSample, Func<double> nextArrival, ReplicaPlacement placement)
    {
        _placement = placement;
        Index = index;
        _events = events;
        _options = options;
        _nextArrival = nextArrival;
        Scheduler = new ProgramScheduler<SimulatedSequence>(policy, options.MaxBatch, events.Clock, priorTokensPerSample);
        _cost = (_, s) => s.Tokens + s.PathTokens + (s.Program.PromptInKv ? 0 : _options.PromptTokens);
        // Lets exactly one request in, whatever its size.
        _forceCost = (_, _) =>
        {
            if (_forced)
                return long.MaxValue;
            _forced = true;
            return 0;
        };
        _start = Start;
    }

    public int Index { get; }

    public ProgramScheduler<SimulatedSequence> Scheduler { get; }

    public double Now => _events.Clock.Seconds;

    /// <summary>Predicted remaining output tokens of the programs placed here (kept in the shared <see cref="ReplicaPlacement"/>).</summary>
    public double PredictedWork
    {
        get => _placement.WorkOf(Index);
        set => _placement.SetWork(Index, value);
    }

    public long TokensServed { get; private set; }

    public long Iterations { get; private set; }

    /// <summary>A program asks for a sample: it waits in the scheduler until admitted.</summary>
    public void Submit(SimulatedSequence sequence)
    {
        Scheduler.Enqueue(sequence.Program.State, sequence);
        if (!_scheduled)
        {
            // Idle: start an iteration now, after every other event of this instant has queued its requests.
            _scheduled = true;
            _pendingSteps = 0;
            _events.At(Now, BoundaryPriority, Boundary);
        }
    }

    /// <summary>A program returned its answer: its prompt leaves the cache.</summary>
    public void ProgramDone(SimulatedProgram program)
    {
        Scheduler.Complete(program.State);
        if (!program.PromptInKv)
            return;
        program.PromptInKv = false;
        _kvUsed -= _options.PromptTokens;
        if (program.State.Running == 0)
            _idlePromptTokens -= _options.PromptTokens;
    }

    private void Boundary()
    {
        // Still "scheduled" while handling the boundary: requests that completions trigger are admitted below.
        _scheduled = true;
        _step += _pendingSteps;
        _sumContext += (double)_pendingSteps * _batch;
        Iterations += _pendingSteps;
        _pendingSteps = 0;
        foreach (var s in _joining)
        {
            _batch++;
            _sumContext += _options.PromptTokens + s.PathTokens;
            _decoding.Enqueue(s, _step + s.Tokens);
        }
        _joining.Clear();
        while (_decoding.TryPeek(out var done, out var finishStep) && finishStep <= _step)
        {
            _decoding.Dequeue();
            Complete(done);
        }
        Admit();
        Plan();
    }

    private void Complete(SimulatedSequence s)
    {
        _batch--;
        _sumContext -= _options.PromptTokens + s.PathTokens + s.Tokens;
        _kvUsed -= s.Tokens + s.PathTokens;
        TokensServed += s.Tokens;
        var program = s.Program;
        Scheduler.Finish(program.State, s.Tokens);
        if (program.State.Running == 0 && program.PromptInKv)
        {
            _idlePromptTokens += _options.PromptTokens;
            _idle.Enqueue(program);
        }
        // The program aggregates the sample and asks for more (or finishes) right here, inside the event.
        s.Completion.SetResult(s.Generation);
        if (!program.Done)
        {
            var predicted = program.State.PredictedRemainingTokens(Scheduler.MeanTokensPerSample);
            PredictedWork += predicted - program.PredictedWork;
            program.PredictedWork = predicted;
        }
        else
        {
            PredictedWork -= program.PredictedWork;
            program.PredictedWork = 0;
        }
    }

    private void Admit()
    {
        var budget = _options.KvCapacityTokens - _kvUsed + _idlePromptTokens;
        var stop = Scheduler.Admit(budget, _cost, _start);
        if (stop == AdmissionStop.BudgetExhausted && _batch == 0 && _prefill.Count == 0 && _joining.Count == 0)
        {
            _forced = false;
            Scheduler.Admit(long.MaxValue, _forceCost, _start);
        }
    }

    private void Start(ProgramState state, SimulatedSequence s)
    {
        var program = s.Program;
        if (!program.PromptInKv)
        {
            program.PromptInKv = true;
            _kvUsed += _options.PromptTokens;
            s.PrefillLeft = _options.PromptTokens + s.PathTokens;
        }
        else
        {
            s.PrefillLeft = s.FreshTokens;
            if (state.Running == 1)
                _idlePromptTokens -= _options.PromptTokens;
        }
        _kvUsed += s.Tokens + s.PathTokens;
        _prefill.Enqueue(s);
        while (_kvUsed > _options.KvCapacityTokens && _idle.TryDequeue(out var victim))
        {
            if (victim.Done || !victim.PromptInKv || victim.State.Running > 0)
                continue;
            victim.PromptInKv = false;
            _kvUsed -= _options.PromptTokens;
            _idlePromptTokens -= _options.PromptTokens;
            Scheduler.Evicted(victim.State);
        }
    }

    private void Plan()
    {
        double ms;
        if (_prefill.Count > 0)
        {
            long chunkLeft = _options.ChunkTokens;
            double sum = 0, squares = 0;
            while (_prefill.TryPeek(out var s))
            {
                if (s.PrefillLeft > 0)
                {
                    if (chunkLeft == 0)
                        break;
                    var take = Math.Min(s.PrefillLeft, chunkLeft);
                    s.PrefillLeft -= take;
                    chunkLeft -= take;
                    sum += take;
                    squares += (double)take * take;
                    if (s.PrefillLeft > 0)
                        break;
                }
                _prefill.Dequeue();
                _joining.Add(s);
            }
            ms = _options.Cost.MixedMs(sum, squares, _sumContext, _batch);
            _pendingSteps = 1;
        }
        else if (_batch > 0)
        {
            _decoding.TryPeek(out _, out var finishStep);
            var steps = Math.Max(1, finishStep - _step);
            var nextArrival = _nextArrival();
            // An arrival can only change the batch if there is room for it; then stop at the first boundary after it.
            if (Scheduler.InFlight < Scheduler.MaxInFlight && nextArrival > Now && double.IsFinite(nextArrival))
                steps = Math.Min(steps, _options.Cost.DecodeStepsFor((nextArrival - Now) * 1000, _sumContext, _batch));
            ms = _options.Cost.DecodeSpanMs(_sumContext, _batch, steps);
            _pendingSteps = steps;
        }
        else if (_joining.Count > 0)
        {
            // Only cached-prompt sequences joined: they start decoding at the next boundary, which is now.
            ms = 0;
            _pendingSteps = 0;
        }
        else
        {
            _scheduled = false;
            return;
        }
        _events.At(Now + ms / 1000, BoundaryPriority, Boundary);
    }
}
