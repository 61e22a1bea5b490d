using System.Globalization;

namespace Dynasor.Policies;

/// <summary>
/// A parsed policy spec: <c>name</c> or <c>name:key=value,key=value</c> (for example <c>static:detect=5,threshold=0.7</c>).
/// Keys are lower-case; a value may hold a list separated by <c>|</c>.
/// </summary>
public sealed record PolicySpec(string Name, IReadOnlyDictionary<string, string> Parameters)
{
    public static PolicySpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
            throw new PolicySpecException("empty policy spec; write a policy name such as 'ac' or 'static:detect=5,threshold=0.7'");

        var colon = trimmed.IndexOf(':');
        var name = (colon < 0 ? trimmed : trimmed[..colon]).Trim().ToLowerInvariant();
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (colon >= 0)
        {
            foreach (var part in trimmed[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = part.IndexOf('=');
                if (eq <= 0 || eq == part.Length - 1)
                    throw new PolicySpecException($"policy '{text}': '{part}' is not key=value; write for example '{name}:key=value'");
                var key = part[..eq].Trim().ToLowerInvariant();
                if (!parameters.TryAdd(key, part[(eq + 1)..].Trim()))
                    throw new PolicySpecException($"policy '{text}': parameter '{key}' is given twice");
            }
        }
        return new PolicySpec(name, parameters);
    }

    /// <summary>The canonical text: name, then parameters sorted by key.</summary>
    public override string ToString() =>
        Parameters.Count == 0 ? Name : $"{Name}:{string.Join(',', Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}";

    /// <summary>Formats a number the way specs write it (invariant culture, shortest round-trip form).</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
