using System.Globalization;
using Dynasor.Policies;

namespace Dynasor.Search;

/// <summary>
/// What <see cref="SearchEvaluator"/> measures: one reward-guided program, even allocation at each cap, and allocation
/// policies capped at the largest cap. Immutable; <see cref="Validate"/> once at the edge.
/// </summary>
/// <param name="Program"><c>rebase</c>, <c>mcts</c>, <c>bon</c> or <c>wsc</c>.</param>
/// <param name="Caps">The even rows' caps (Rebase width, MCTS iterations, samples), each 1..<see cref="SearchOptions.MaxCap"/>;
/// the largest is every policy's cap and its even row is the baseline.</param>
/// <param name="Policies">Policy specs (<see cref="PolicyCatalog"/>) run at the largest cap after the even rows.</param>
public sealed record SearchEvalOptions(string Program, IReadOnlyList<int> Caps, IReadOnlyList<string> Policies)
{
    /// <summary>The programs this evaluates.</summary>
    public static IReadOnlyList<string> Programs { get; } = ["rebase", "mcts", "bon", "wsc"];

    /// <summary>Template seed: Rebase and MCTS node i and best-of-N sample i use seed + i.</summary>
    public long Seed { get; init; }

    /// <summary>Questions run at once, 1..4096.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Most output tokens of one best-of-N sample, at least 1 (tree searches use <see cref="SearchOptions.StepTokens"/> per step).</summary>
    public int MaxTokens { get; init; } = 16384;

    /// <summary>The tree searches' settings.</summary>
    public SearchOptions Search { get; init; } = new();

    /// <summary>MCTS only: keep every question's iterations, in search order, as trace samples (<see cref="SearchEvaluation.Trace"/>).</summary>
    public bool RecordTrace { get; init; }

    /// <summary>The even caps run when none are given: the paper's knob ranges (PAPER.md, "Evaluation in the paper").</summary>
    /// <remarks>Rebase: widths 16 to 64 (the paper goes to 128; 128 doubles the run time for one point, so it is asked for
    /// with explicit caps). MCTS: 3 to 20 iterations. Best-of-N and reward-weighted SC: 5 to 30 samples, the SC range.</remarks>
    public static IReadOnlyList<int> DefaultCaps(string program) => program switch
    {
        "rebase" => [16, 32, 64],
        "mcts" => [3, 5, 10, 20],
        _ => [5, 10, 20, 30],
    };

    /// <summary>
    /// The certaindex policies run when none are given: the paper's Table 1 settings where it has them (Rebase GSM8K and
    /// MATH, MCTS ASDiv and GSM8K), SC's detect step with Rebase's max-reward threshold for best-of-N and SC's entropy
    /// threshold for reward-weighted SC, and early termination at the detect step below the program's own certaindex 0.2
    /// (the catalog's default). None is tuned on the questions it is scored on.
    /// </summary>
    public static IReadOnlyList<string> DefaultPolicies(string program) => program switch
    {
        "rebase" => ["static:detect=16,threshold=0.85,max_reward=0.99", "static:detect=16,threshold=0.75", "terminate:after=16,below=0.2"],
        "mcts" => ["static:detect=3,threshold=0,reward=0.4", "static:detect=3,threshold=0.99,reward=0.4", "terminate:after=3,below=0.2"],
        "bon" => ["static:detect=5,threshold=0,max_reward=0.99", "terminate:after=5,below=0.2"],
        _ => ["static:detect=5,threshold=0.7", "terminate:after=5,below=0.2"],
    };

    /// <summary>The largest cap: the policies' cap and the baseline's.</summary>
    public int MaxCap => Caps.Max();

    /// <summary>Returns this when every setting is in range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range or a spec is bad; the message names it and the fix.</exception>
    public SearchEvalOptions Validate()
    {
        if (!Programs.Contains(Program))
            throw new ArgumentException($"program '{Program}' is not a reward-guided program; use {string.Join(", ", Programs)}");
        if (Caps is null || Caps.Count == 0)
            throw new ArgumentException("no caps given; give at least one, for example 16 32 64");
        foreach (var cap in Caps)
        {
            if (cap is < 1 or > SearchOptions.MaxCap)
                throw new ArgumentException($"cap {cap.ToString(CultureInfo.InvariantCulture)} is out of range; use 1..{SearchOptions.MaxCap.ToString(CultureInfo.InvariantCulture)}");
        }
        foreach (var spec in Policies ?? [])
            PolicyCatalog.Create(PolicyCatalog.Parse(spec));
        if (Concurrency is < 1 or > 4096)
            throw new ArgumentException($"concurrency {Concurrency.ToString(CultureInfo.InvariantCulture)} is out of range; use 1..4096");
        if (MaxTokens < 1)
            throw new ArgumentException($"max_tokens {MaxTokens.ToString(CultureInfo.InvariantCulture)} is out of range; use 1 or more");
        if (RecordTrace && Program != "mcts")
            throw new ArgumentException($"a trace of iterations is recorded for mcts only, not {Program}; run --mode mcts to write one");
        ArgumentNullException.ThrowIfNull(Search);
        Search.Validate();
        return this;
    }

    /// <summary>
    /// The rows to run, in order: even at each cap ascending (canonical <c>sc:n=CAP</c>), then each policy's canonical spec
    /// once, at the largest cap (one equal to the baseline's is left out: it is the baseline).
    /// </summary>
    internal IReadOnlyList<SearchSetting> Settings()
    {
        var caps = Caps.Distinct().Order().ToList();
        var settings = caps.Select(c => new SearchSetting(PolicyCatalog.Parse($"sc:n={c.ToString(CultureInfo.InvariantCulture)}"), c, true)).ToList();
        var seen = new HashSet<string>(settings.Select(s => s.Spec.ToString()), StringComparer.Ordinal);
        foreach (var text in Policies ?? [])
        {
            var spec = PolicyCatalog.Parse(text);
            if (seen.Add(spec.ToString()))
                settings.Add(new SearchSetting(spec, caps[^1], false));
        }
        return settings;
    }
}
