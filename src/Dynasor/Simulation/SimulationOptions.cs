using Dynasor.Rewards;
using Dynasor.Search;

namespace Dynasor.Simulation;

/// <summary>
/// Settings of one simulated run: the workload (rate, burstiness, programs, their kinds, caps and deadlines) and the
/// engines (replicas, cost profile, KV capacity, batch, chunk, prompt length). Validated once by <see cref="Validate"/>.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>
    /// The most programs per run: 100 times the default. A run keeps every program's state to the end, about 7 KB
    /// each (0.75 GB and some 10 s at this bound), and runs of a sweep go in parallel.
    /// </summary>
    public const int MaxPrograms = 100_000;

    /// <summary>The most replicas: far beyond any single deployment the cost profiles describe.</summary>
    public const int MaxReplicas = 1024;

    /// <summary>The longest prompt: the largest context windows hold about a million tokens.</summary>
    public const int MaxPromptTokens = 1_000_000;

    /// <summary>Mean program arrival rate, programs per second, &gt; 0.</summary>
    public double Rate { get; init; } = 1;

    /// <summary>Coefficient of variation of the arrival gaps: 1 is Poisson, otherwise Gamma gaps. &gt; 0.</summary>
    public double ArrivalCv { get; init; } = 1;

    /// <summary>Programs that arrive, 1..<see cref="MaxPrograms"/>.</summary>
    public int Programs { get; init; } = 1000;

    /// <summary>Seed of arrivals, question draws and sample orders.</summary>
    public int Seed { get; init; }

    /// <summary>Most samples per program (the self-consistency cap), 1..<see cref="Replay.ReplayOptions.MaxCap"/>; clamped to what each question has.</summary>
    public int Cap { get; init; } = 40;

    /// <summary>Engine replicas; a program stays on the one it is placed on. 1..<see cref="MaxReplicas"/>.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Per-iteration cost of each replica.</summary>
    public IterationCostModel Cost { get; init; } = IterationCostModel.Opt13BA100;

    /// <summary>
    /// KV-cache capacity of a replica in tokens. Default 65,536: OPT-13B keeps 2 x 40 layers x 5120 x 2 bytes = 800 KB
    /// per token, and an 80 GB A100 has about 52 GB left after 26 GB of weights.
    /// </summary>
    public long KvCapacityTokens { get; init; } = 65_536;

    /// <summary>Most sequences a replica runs at once (vLLM's default max_num_seqs, 256); also the scheduler's in-flight window.</summary>
    public int MaxBatch { get; init; } = 256;

    /// <summary>Prompt tokens a replica prefills per iteration (chunked prefill; vLLM's 2048 default batched tokens).</summary>
    public int ChunkTokens { get; init; } = 2048;

    /// <summary>
    /// Prompt tokens of every program (traces record none). Default 200: a GSM8K or AIME question (60-150 tokens)
    /// in a chat template with a short instruction.
    /// </summary>
    public int PromptTokens { get; init; } = 200;

    /// <summary>
    /// Base deadline of SC programs in seconds (PAPER.md: SC/MATH 240 s); a program's deadline is SLO scale x difficulty
    /// factor x its kind's base deadline.
    /// </summary>
    public double BaseDeadlineSeconds { get; init; } = 240;

    /// <summary>The kinds of program that arrive and their weights. Default: SC only.</summary>
    public ProgramMix Mix { get; init; } = ProgramMix.Sc;

    /// <summary>Rebase's width cap (most solutions), 1..<see cref="SearchOptions.MaxCap"/>. Default 64, within the paper's 16..128.</summary>
    public int RebaseWidth { get; init; } = 64;

    /// <summary>MCTS's iteration cap, 1..<see cref="SearchOptions.MaxCap"/>. Default 20, the paper's largest MCTS cap (3..20).</summary>
    public int MctsIterations { get; init; } = 20;

    /// <summary>Base deadline of Rebase programs in seconds (PAPER.md: Rebase/GSM8K 300 s).</summary>
    public double RebaseDeadlineSeconds { get; init; } = 300;

    /// <summary>Base deadline of MCTS programs in seconds (PAPER.md: MCTS/ASDiv 60 s).</summary>
    public double MctsDeadlineSeconds { get; init; } = 60;

    /// <summary>Settings of the Rebase and MCTS programs (depth, step tokens, temperature, exploration, expansion width).</summary>
    public SearchOptions Search { get; init; } = new();

    /// <summary>Settings of the simulated process reward model the tree programs call.</summary>
    public SimRewardOptions Rewards { get; init; } = new();

    /// <summary>The knob cap of <paramref name="kind"/>: SC samples, Rebase width or MCTS iterations.</summary>
    public int CapOf(ProgramKind kind) => kind switch
    {
        ProgramKind.Rebase => RebaseWidth,
        ProgramKind.Mcts => MctsIterations,
        _ => Cap,
    };

    /// <summary>The base deadline of <paramref name="kind"/> in seconds.</summary>
    public double BaseDeadlineOf(ProgramKind kind) => kind switch
    {
        ProgramKind.Rebase => RebaseDeadlineSeconds,
        ProgramKind.Mcts => MctsDeadlineSeconds,
        _ => BaseDeadlineSeconds,
    };

    /// <summary>Every base deadline set to <paramref name="seconds"/> (what <c>--base-deadline</c> does).</summary>
    public SimulationOptions WithBaseDeadline(double seconds) =>
        this with { BaseDeadlineSeconds = seconds, RebaseDeadlineSeconds = seconds, MctsDeadlineSeconds = seconds };

    /// <summary>The SLO scale of the deadlines the scheduler sees (deadline-aware policies use them).</summary>
    public double SloScale { get; init; } = 1;

    /// <summary>Checks every setting; the message names the bad value and the valid range.</summary>
    public SimulationOptions Validate()
    {
        Check(double.IsFinite(Rate) && Rate > 0, $"rate must be a number of programs per second > 0, got {Rate}");
        Check(double.IsFinite(ArrivalCv) && ArrivalCv > 0, $"arrival coefficient of variation must be > 0 (1 = Poisson), got {ArrivalCv}");
        Check(Programs is >= 1 and <= MaxPrograms, $"programs must be 1..{MaxPrograms}, got {Programs}");
        Check(Cap is >= 1 and <= Replay.ReplayOptions.MaxCap, $"cap must be 1..{Replay.ReplayOptions.MaxCap} samples, got {Cap}");
        Check(Replicas is >= 1 and <= MaxReplicas, $"replicas must be 1..{MaxReplicas}, got {Replicas}");
        Check(KvCapacityTokens >= 1, $"KV capacity must be at least 1 token, got {KvCapacityTokens}");
        Check(MaxBatch >= 1, $"max batch must be at least 1 sequence, got {MaxBatch}");
        Check(ChunkTokens >= 1, $"chunk must be at least 1 token, got {ChunkTokens}");
        Check(PromptTokens is >= 0 and <= MaxPromptTokens, $"prompt tokens must be 0..{MaxPromptTokens}, got {PromptTokens}");
        Check(double.IsFinite(BaseDeadlineSeconds) && BaseDeadlineSeconds > 0, $"base deadline must be > 0 seconds, got {BaseDeadlineSeconds}");
        Check(double.IsFinite(SloScale) && SloScale > 0, $"SLO scale must be > 0, got {SloScale}");
        Check(Mix is not null, "the program mix must be set; use ProgramMix.Sc");
        Check(RebaseWidth is >= 1 and <= SearchOptions.MaxCap, $"Rebase width must be 1..{SearchOptions.MaxCap} solutions, got {RebaseWidth}");
        Check(MctsIterations is >= 1 and <= SearchOptions.MaxCap, $"MCTS iterations must be 1..{SearchOptions.MaxCap}, got {MctsIterations}");
        Check(double.IsFinite(RebaseDeadlineSeconds) && RebaseDeadlineSeconds > 0, $"Rebase base deadline must be > 0 seconds, got {RebaseDeadlineSeconds}");
        Check(double.IsFinite(MctsDeadlineSeconds) && MctsDeadlineSeconds > 0, $"MCTS base deadline must be > 0 seconds, got {MctsDeadlineSeconds}");
        (Search ?? throw new ArgumentException("search options must be set; use new SearchOptions()")).Validate();
        (Rewards ?? throw new ArgumentException("reward options must be set; use new SimRewardOptions()")).Validate();
        return this;
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
            throw new ArgumentException(message);
    }
}
