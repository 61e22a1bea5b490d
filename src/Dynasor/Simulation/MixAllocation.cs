using Dynasor.Policies;

namespace Dynasor.Simulation;

/// <summary>
/// The allocation policy of each program kind in a simulated workload, under one label (one row of a report). Written as
/// <list type="bullet">
/// <item><c>uniform</c>: even allocation at each kind's cap (<c>sc:n=</c> the SC cap, the Rebase width, the MCTS iterations);</item>
/// <item><c>certaindex</c>: each kind's certaindex policy at the paper's Table 1 settings (<see cref="CertaindexSpec"/>);</item>
/// <item>a policy spec (<c>settle</c>, <c>static:detect=3,reward=0.4</c>, <c>@policy.json</c>): the same policy for every kind;</item>
/// <item><c>KIND=SPEC;KIND=SPEC</c> (<c>rebase=static:detect=16,threshold=0.85,max_reward=0.99;mcts=uniform</c>): a policy,
/// <c>uniform</c> or <c>certaindex</c> per kind; every kind in the mix must be given.</item>
/// </list>
/// Immutable.
/// </summary>
public sealed class MixAllocation
{
    /// <summary>The even-allocation preset.</summary>
    public const string UniformName = "uniform";

    /// <summary>The certaindex preset.</summary>
    public const string CertaindexName = "certaindex";

    private readonly PolicySpec? _all;
    private readonly IReadOnlyDictionary<ProgramKind, string> _perKind;

    private MixAllocation(string label, PolicySpec? all, IReadOnlyDictionary<ProgramKind, string> perKind)
    {
        Label = label;
        _all = all;
        _perKind = perKind;
    }

    /// <summary>The label as written (a preset's name, the canonical spec, or the per-kind list).</summary>
    public string Label { get; }

    /// <summary>The same policy for every kind.</summary>
    public static MixAllocation All(PolicySpec spec) => new(spec.ToString(), spec, new Dictionary<ProgramKind, string>());

    /// <summary>
    /// The paper's Table 1 certaindex setting of <paramref name="kind"/>: SC (MATH, GSM8K) entropy 0.7 at detect 5;
    /// Rebase (GSM8K) entropy 0.85 and max reward 0.99 at width 16; MCTS (ASDiv) mean reward 0.4 at 3 iterations.
    /// </summary>
    public static PolicySpec CertaindexSpec(ProgramKind kind) => PolicyCatalog.Parse(kind switch
    {
        ProgramKind.Rebase => "static:detect=16,threshold=0.85,max_reward=0.99",
        ProgramKind.Mcts => "static:detect=3,threshold=0,reward=0.4",
        _ => "static:detect=5,threshold=0.7",
    });

    /// <summary>Parses one <c>--allocation</c> value (see the type's remarks) and checks every policy in it.</summary>
    /// <exception cref="ArgumentException">A bad spec, an unknown kind, a kind twice, or a batch policy; the message names it and the fix.</exception>
    public static MixAllocation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed is UniformName or CertaindexName)
            return new MixAllocation(trimmed, null, Enum.GetValues<ProgramKind>().ToDictionary(k => k, _ => trimmed));
        if (!IsPerKind(trimmed))
            return All(Checked(trimmed));
        var perKind = new Dictionary<ProgramKind, string>();
        foreach (var part in trimmed.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0 || !ProgramMix.TryKind(part[..eq], out var kind))
                throw new ArgumentException($"--allocation '{text}': '{part}' is not KIND=SPEC; write for example 'rebase=certaindex;mcts=static:detect=3,reward=0.4'");
            var spec = part[(eq + 1)..].Trim();
            if (!perKind.TryAdd(kind, spec is UniformName or CertaindexName ? spec : Checked(spec).ToString()))
                throw new ArgumentException($"--allocation '{text}': {ProgramMix.Name(kind)} is given twice; give each kind once");
        }
        var label = string.Join(';', perKind.Select(p => $"{ProgramMix.Name(p.Key)}={p.Value}"));
        return new MixAllocation(label, null, perKind);
    }

    /// <summary>
    /// The spec each kind of <paramref name="options"/>' mix runs, as it runs there (<c>uniform</c> resolved to each
    /// cap, <c>sc:n</c> clamped to what a trace question has for SC; <paramref name="shape"/> is the SC trace's, or null).
    /// </summary>
    /// <exception cref="ArgumentException">A kind in the mix has no policy here.</exception>
    public IReadOnlyDictionary<ProgramKind, PolicySpec> Resolve(SimulationOptions options, TraceShape? shape)
    {
        var specs = new Dictionary<ProgramKind, PolicySpec>();
        foreach (var kind in options.Mix.Kinds)
        {
            PolicySpec spec;
            if (_all is not null)
                spec = _all;
            else if (!_perKind.TryGetValue(kind, out var text))
                throw new ArgumentException($"--allocation '{Label}' gives no policy for {ProgramMix.Name(kind)} programs; add {ProgramMix.Name(kind)}=SPEC (or use {UniformName} or {CertaindexName})");
            else
                spec = text switch
                {
                    UniformName => PolicyCatalog.Parse($"sc:n={(kind == ProgramKind.Sc && shape is not null ? Math.Min(options.Cap, shape.Cap) : options.CapOf(kind))}"),
                    CertaindexName => CertaindexSpec(kind),
                    _ => PolicyCatalog.Parse(text),
                };
            specs[kind] = kind == ProgramKind.Sc && shape is not null ? PolicyCatalog.Resolve(spec, shape) : spec;
        }
        return specs;
    }

    /// <summary>
    /// The label a report shows: for one policy for every kind, that policy as it runs on the SC trace when the mix has
    /// SC (as the SC-only simulator always labelled it), else as written; otherwise <see cref="Label"/>.
    /// </summary>
    public string LabelFor(SimulationOptions options, TraceShape? shape) =>
        _all is not null && options.Mix.Contains(ProgramKind.Sc) && shape is not null ? PolicyCatalog.Resolve(_all, shape).ToString() : Label;

    public override string ToString() => Label;

    // KIND=... with a kind name before the first '=' (a policy spec has a ':' before any '=', or none at all).
    private static bool IsPerKind(string text)
    {
        var eq = text.IndexOf('=');
        return eq > 0 && !text[..eq].Contains(':') && !text.StartsWith('@') && ProgramMix.TryKind(text[..eq], out _);
    }

    private static PolicySpec Checked(string text)
    {
        var spec = PolicyCatalog.Parse(text);
        PolicyCatalog.Create(spec);
        return spec;
    }
}
