using System.Globalization;

namespace Dynasor.Policies;

/// <summary>
/// Typed, validated access to a spec's parameters against its family's declared parameters. Every error names the
/// policy, the parameter, the bad value and the accepted range.
/// </summary>
internal sealed class PolicyArguments
{
    private readonly PolicySpec _spec;
    private readonly IReadOnlyList<PolicyParameter> _declared;

    public PolicyArguments(PolicySpec spec, IReadOnlyList<PolicyParameter> declared)
    {
        _spec = spec;
        _declared = declared;
        foreach (var key in spec.Parameters.Keys)
        {
            if (!declared.Any(p => p.Name == key))
            {
                var known = declared.Count == 0 ? "it takes no parameters" : "known: " + string.Join(", ", declared.Select(p => p.Name));
                throw new PolicySpecException($"policy '{spec.Name}' has no parameter '{key}' ({known})");
            }
        }
    }

    public int Int(string name, int min, int max)
    {
        var text = Raw(name);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new PolicySpecException($"policy '{_spec.Name}': {name}={text} is invalid; use a whole number from {min} to {max}");
        return value;
    }

    public double Double(string name, double min, double max)
    {
        var text = Raw(name);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= min && value <= max))
            throw new PolicySpecException($"policy '{_spec.Name}': {name}={text} is invalid; use a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        return value;
    }

    /// <summary>An optional number: null when the spec leaves it out (its default is empty) or gives 0 (off).</summary>
    public double? OptionalPositive(string name, double min, double max) =>
        Raw(name).Length == 0 ? null : Double(name, min, max) is var v && v > 0 ? v : null;

    /// <summary>A <c>|</c>-separated list of numbers, each in range.</summary>
    public double[] Doubles(string name, double min, double max)
    {
        var text = Raw(name);
        if (text.Length == 0)
            return [];
        var parts = text.Split('|');
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !(values[i] >= min && values[i] <= max))
                throw new PolicySpecException($"policy '{_spec.Name}': {name}={text} is invalid; use numbers from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} separated by '|'");
        }
        return values;
    }

    /// <summary>A parameter's text as written (its default when left out), for values with their own syntax.</summary>
    public string Text(string name) => Raw(name);

    private string Raw(string name) =>
        _spec.Parameters.TryGetValue(name, out var v) ? v : _declared.First(p => p.Name == name).Default;
}
