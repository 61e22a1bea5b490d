using System.Globalization;

namespace Dynasor.Simulation;

/// <summary>
/// The kinds of program that arrive and their weights: each arrival draws its kind independently with probability
/// weight / total (seeded). Written <c>KIND</c> or <c>KIND:WEIGHT</c> per kind (<c>sc</c>, <c>rebase</c>, <c>mcts</c>);
/// <c>rebase mcts</c> mixes them uniformly, <c>sc:3 mcts</c> sends three SC programs for one MCTS. Immutable.
/// </summary>
public sealed class ProgramMix
{
    /// <summary>The largest weight: ratios beyond a million to one are a typo.</summary>
    public const double MaxWeight = 1_000_000;

    private readonly double[] _cumulative;

    private ProgramMix(IReadOnlyList<ProgramShare> shares)
    {
        Shares = shares;
        _cumulative = new double[shares.Count];
        var sum = 0.0;
        for (var i = 0; i < shares.Count; i++)
            _cumulative[i] = sum += shares[i].Weight;
    }

    /// <summary>Self-consistency only (the simulator's workload before tree programs).</summary>
    public static ProgramMix Sc { get; } = new([new ProgramShare(ProgramKind.Sc, 1)]);

    /// <summary>The kinds in the order given, each once.</summary>
    public IReadOnlyList<ProgramShare> Shares { get; }

    /// <summary>The kinds in the order given.</summary>
    public IEnumerable<ProgramKind> Kinds => Shares.Select(s => s.Kind);

    /// <summary>Whether programs of <paramref name="kind"/> arrive.</summary>
    public bool Contains(ProgramKind kind) => Shares.Any(s => s.Kind == kind);

    /// <summary>The CLI name of a kind: <c>sc</c>, <c>rebase</c> or <c>mcts</c>.</summary>
    public static string Name(ProgramKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The kind called <paramref name="name"/> (case-insensitive), or false.</summary>
    public static bool TryKind(string name, out ProgramKind kind)
    {
        foreach (var k in Enum.GetValues<ProgramKind>())
        {
            if (string.Equals(Name(k), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>A mix of the given shares (each kind at most once, weights in (0, <see cref="MaxWeight"/>]).</summary>
    /// <exception cref="ArgumentException">No share, a kind twice, or a weight out of range.</exception>
    public static ProgramMix Of(IReadOnlyList<ProgramShare> shares)
    {
        if (shares.Count == 0)
            throw new ArgumentException("--program needs at least one kind; use sc, rebase or mcts");
        foreach (var s in shares)
        {
            if (!(s.Weight > 0 && s.Weight <= MaxWeight))
                throw new ArgumentException($"--program {Name(s.Kind)}: weight {s.Weight.ToString(CultureInfo.InvariantCulture)} is out of range; use a number above 0, at most {MaxWeight.ToString(CultureInfo.InvariantCulture)} (for example {Name(s.Kind)}:2)");
            if (shares.Count(x => x.Kind == s.Kind) > 1)
                throw new ArgumentException($"--program {Name(s.Kind)} is given twice; give each kind once, with a weight for a larger share (for example {Name(s.Kind)}:2)");
        }
        return new ProgramMix(shares.ToList());
    }

    /// <summary>Parses <c>KIND</c> or <c>KIND:WEIGHT</c> items (weight 1 when left out).</summary>
    /// <exception cref="ArgumentException">An unknown kind, a bad weight, or a kind twice; the message names it and the fix.</exception>
    public static ProgramMix Parse(IEnumerable<string> items)
    {
        var shares = new List<ProgramShare>();
        foreach (var item in items)
        {
            var colon = item.IndexOf(':');
            var name = colon < 0 ? item : item[..colon];
            if (!TryKind(name, out var kind))
                throw new ArgumentException($"--program '{item}': unknown program '{name.Trim()}'; use sc, rebase or mcts, optionally with a weight (for example mcts:2)");
            var weight = 1.0;
            if (colon >= 0 && !double.TryParse(item[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out weight))
                throw new ArgumentException($"--program '{item}': weight '{item[(colon + 1)..]}' is not a number; write KIND:WEIGHT (for example {Name(kind)}:2)");
            shares.Add(new ProgramShare(kind, weight));
        }
        return Of(shares);
    }

    /// <summary>Draws one arrival's kind; a single-kind mix draws nothing from <paramref name="random"/>.</summary>
    public ProgramKind Draw(Random random)
    {
        if (Shares.Count == 1)
            return Shares[0].Kind;
        var x = random.NextDouble() * _cumulative[^1];
        for (var i = 0; i < _cumulative.Length; i++)
        {
            if (x < _cumulative[i])
                return Shares[i].Kind;
        }
        return Shares[^1].Kind;
    }

    /// <summary>The mix as it is written: <c>rebase mcts:2</c>.</summary>
    public override string ToString() =>
        string.Join(' ', Shares.Select(s => s.Weight == 1 ? Name(s.Kind) : $"{Name(s.Kind)}:{s.Weight.ToString(CultureInfo.InvariantCulture)}"));
}
