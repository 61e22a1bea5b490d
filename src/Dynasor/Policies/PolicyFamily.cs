namespace Dynasor.Policies;

/// <summary>
/// A named family of allocation policies: its parameters with defaults, how to build one from a spec, the
/// candidates calibration searches, and the knob sweep that draws its token-to-accuracy curve.
/// </summary>
public sealed class PolicyFamily
{
    private readonly Func<PolicyArguments, PolicySpec, IAllocationPolicy?> _create;
    private readonly Func<TraceShape, IEnumerable<string>> _grid;
    private readonly Func<TraceShape, IEnumerable<string>> _sweep;

    internal PolicyFamily(
        string name,
        string summary,
        IReadOnlyList<PolicyParameter> parameters,
        Func<PolicyArguments, PolicySpec, IAllocationPolicy?> create,
        Func<TraceShape, IEnumerable<string>> grid,
        Func<TraceShape, IEnumerable<string>> sweep)
    {
        Name = name;
        Summary = summary;
        Parameters = parameters;
        _create = create;
        _grid = grid;
        _sweep = sweep;
    }

    public string Name { get; }

    /// <summary>One line: what the family does and its trade-off.</summary>
    public string Summary { get; }

    public IReadOnlyList<PolicyParameter> Parameters { get; }

    /// <summary>True for the batch allocator, which decides across programs rather than per program.</summary>
    public bool IsBatch => Name == PolicyCatalog.BatchName;

    /// <summary>True for the families whose specs are fitted on labelled questions (<c>curve</c>, <c>dcurve</c>) rather than drawn from a grid.</summary>
    public bool IsFitted => Name is "curve" or "dcurve";

    /// <summary>Builds a per-program policy from a spec of this family; null for the batch allocator.</summary>
    internal IAllocationPolicy? Create(PolicySpec spec) => _create(new PolicyArguments(spec, Parameters), spec);

    /// <summary>Validates a spec's parameters without building anything.</summary>
    internal void Validate(PolicySpec spec) => _create(new PolicyArguments(spec, Parameters), spec);

    /// <summary>Candidate specs that calibration evaluates.</summary>
    public IEnumerable<string> CalibrationGrid(TraceShape shape) => _grid(shape);

    /// <summary>Specs along the family's knob, cheapest first, for token-to-accuracy curves.</summary>
    public IEnumerable<string> Sweep(TraceShape shape) => _sweep(shape);
}
