using System.Globalization;
using Dynasor.Cli.Output;
using Dynasor.Cot;
using Dynasor.Policies;
using Dynasor.Search;

namespace Dynasor.Cli.Commands;

/// <summary>The validated settings of one <c>dynasor eval</c> run.</summary>
/// <param name="Mode"><c>cot</c>, <c>sc</c>, <c>all</c> (cot and sc), or a reward-guided program: <c>rebase</c>, <c>mcts</c>, <c>bon</c>, <c>wsc</c>.</param>
/// <param name="PolicySpecs">sc: fixed SC@cap first, then the adaptive policies; a reward-guided program: its policies (the even rows come from <see cref="Caps"/>).</param>
internal sealed record EvalPlan(int Questions, int Seed, string Mode, IReadOnlyList<string> Efforts, IReadOnlyList<string> PolicySpecs,
    int Cap, int MaxTokens, int Concurrency, ResultFormat Format)
{
    /// <summary>The adaptive policies compared with fixed SC when none are named: the anchor, Dynasor's own, the paper's.</summary>
    public static readonly string[] DefaultScPolicies = ["ac", "settle", "static"];

    public static readonly string[] Modes = ["cot", "sc", "all", .. SearchEvalOptions.Programs];

    /// <summary>Tokens a probe reads after its box closes; null: the default.</summary>
    public int? ProbeTail { get; init; }

    /// <summary>What ran the questions: <c>simulated</c> (in process) or the upstream URL.</summary>
    public string Engine { get; init; } = "simulated";

    /// <summary>A reward-guided program's even caps, ascending (empty for cot and sc).</summary>
    public IReadOnlyList<int> Caps { get; init; } = [];

    /// <summary>Engine seeds run: <see cref="Seed"/>, Seed + 1, ... (in process only).</summary>
    public int Seeds { get; init; } = 1;

    /// <summary>The in-process simulated PRM's noise in logit units.</summary>
    public double RewardNoise { get; init; } = 2.5;

    /// <summary>MCTS: where to write each question's iterations as a trace; null: nowhere.</summary>
    public string? TracePath { get; init; }

    public bool RunCot => Mode is "cot" or "all";

    public bool RunSc => Mode is "sc" or "all";

    /// <summary>The reward-guided program, or null for cot and sc.</summary>
    public string? Program => SearchEvalOptions.Programs.Contains(Mode) ? Mode : null;

    /// <summary>Progress steps per seed: one per cot row, one for sc, one for a reward-guided program.</summary>
    public int Steps => (RunCot ? 1 + Efforts.Count : 0) + (RunSc ? 1 : 0) + (Program is null ? 0 : 1);

    /// <summary>The seeds run, in order.</summary>
    public IEnumerable<int> SeedList => Enumerable.Range(Seed, Seeds);

    /// <summary>The reward-guided program's evaluation settings at <paramref name="seed"/>.</summary>
    public SearchEvalOptions SearchSettings(int seed) => new SearchEvalOptions(Program!, Caps, PolicySpecs)
    {
        Seed = seed,
        Concurrency = Concurrency,
        MaxTokens = MaxTokens,
        RecordTrace = TracePath is not null,
    }.Validate();

    /// <summary>Checks every setting before anything runs; errors name the option and the fix.</summary>
    public static EvalPlan Create(int questions, int seed, string mode, string[]? efforts, string[]? policies, int cap, int maxTokens, int concurrency,
        ResultFormat format, string[]? caps = null)
    {
        // The numbers' ranges are checked as the command line is parsed (RangeOption).
        if (!Modes.Contains(mode))
            throw new ArgumentException($"--mode '{mode}' is unknown; use {string.Join(", ", Modes[..^1])} or {Modes[^1]}");
        if (SearchEvalOptions.Programs.Contains(mode))
            return Search(questions, seed, mode, policies, caps, maxTokens, concurrency, format);
        if (caps is { Length: > 0 })
            throw new ArgumentException($"--caps sets the even rows of {string.Join(", ", SearchEvalOptions.Programs)}; --mode {mode} takes its cap from --max-samples");
        var names = efforts is { Length: > 0 } ? efforts : CotOptions.Efforts.Select(e => e.Name).ToArray();
        foreach (var name in names)
            CotOptions.FromEffort(name);
        // Fixed SC@cap first: it is the baseline the adaptive policies are measured against.
        var specs = new[] { $"sc:n={cap.ToString(CultureInfo.InvariantCulture)}" }
            .Concat(policies is { Length: > 0 } ? policies : DefaultScPolicies)
            .Select(p => PolicyCatalog.Parse(p).ToString())
            .Distinct()
            .ToList();
        foreach (var spec in specs)
            PolicyCatalog.Create(PolicyCatalog.Parse(spec));
        return new EvalPlan(questions, seed, mode, names.Select(n => n.ToLowerInvariant()).ToList(), specs, cap, maxTokens, concurrency, format);
    }

    // A reward-guided program: its even caps, and its default certaindex policies plus any named.
    private static EvalPlan Search(int questions, int seed, string mode, string[]? policies, string[]? caps, int maxTokens, int concurrency, ResultFormat format)
    {
        var knobs = caps is { Length: > 0 } ? caps.Select(ParseCap).Distinct().Order().ToList() : SearchEvalOptions.DefaultCaps(mode).ToList();
        var specs = SearchEvalOptions.DefaultPolicies(mode).Concat(policies ?? [])
            .Select(p => PolicyCatalog.Parse(p).ToString())
            .Distinct()
            .ToList();
        var plan = new EvalPlan(questions, seed, mode, [], specs, knobs[^1], maxTokens, concurrency, format) { Caps = knobs };
        plan.SearchSettings(seed);
        return plan;
    }

    private static int ParseCap(string text)
    {
        var range = $"use 1..{SearchOptions.MaxCap.ToString(CultureInfo.InvariantCulture)} (for example --caps 16 32 64)";
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cap))
            throw new ArgumentException($"--caps '{text}' is not a whole number; {range}");
        return cap is >= 1 and <= SearchOptions.MaxCap ? cap : throw new ArgumentException($"--caps {text} is out of range; {range}");
    }
}
