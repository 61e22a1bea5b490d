using System.Globalization;

namespace Dynasor.Scheduling;

/// <summary>
/// Every scheduling policy by name, with a line on each one's trade-off. A spec is <c>name</c> or
/// <c>name:key=value</c> for the two policies with a parameter.
/// </summary>
public static class SchedulerCatalog
{
    /// <summary>Name, trade-off, and the parameter (if any) of every policy, in the order commands list them.</summary>
    public static IReadOnlyList<(string Name, string Summary)> Policies { get; } =
    [
        ("fcfs", "First come, first served per request (engines' default). Fair to requests, blind to programs: a program waits for its slowest, latest-served request."),
        ("prefix", "Prefix-affine (approximates SGLang longest-prefix-match): cached-prompt programs first. Reuses KV, but a busy program can hold the engine."),
        ("gang", "Parrot-style application FIFO with gang scheduling: whole programs in arrival order. No stragglers, but one long program blocks short ones."),
        ("dynasor", "Dynasor: gang + shortest predicted remaining work (certaindex-shrunk knob x mean tokens/sample) + aging (dynasor:aging=SAMPLES_PER_MINUTE of predicted work forgiven per minute waited, default 0.5); programs past their deadline wait behind punctual ones."),
        ("slack", "Least slack to deadline (slack:token_s=SECONDS_PER_TOKEN, default 0.05). Deadline-aware; chases hopeless programs once they are late."),
        ("plas", "Autellix PLAS: least attained service per program first. Needs no prediction; favours new programs, so long ones finish late."),
    ];

    /// <summary>The policy a spec names; throws <see cref="ArgumentException"/> naming the spec and the known names.</summary>
    public static ISchedulingPolicy Create(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var colon = spec.IndexOf(':');
        var name = colon < 0 ? spec : spec[..colon];
        var (key, value) = colon < 0 ? ("", double.NaN) : Parameter(spec, spec[(colon + 1)..]);
        return (name, key) switch
        {
            ("fcfs", "") => new FcfsPolicy(),
            ("prefix", "") => new PrefixAffinePolicy(),
            ("gang", "") => new GangPolicy(),
            ("plas", "") => new PlasPolicy(),
            ("dynasor", "") => new DynasorPolicy(DynasorPolicy.DefaultAging),
            ("dynasor", "aging") => new DynasorPolicy(value),
            ("slack", "") => new SlackPolicy(SlackPolicy.DefaultSecondsPerToken),
            ("slack", "token_s") => new SlackPolicy(value),
            _ when Policies.All(p => p.Name != name) =>
                throw new ArgumentException($"unknown scheduler '{name}'; known schedulers: {string.Join(", ", Policies.Select(p => p.Name))}"),
            _ => throw new ArgumentException($"scheduler '{spec}': '{name}' takes {(name is "dynasor" ? "only aging=SAMPLES_PER_MINUTE" : name is "slack" ? "only token_s=SECONDS" : "no parameters")}"),
        };
    }

    private static (string Key, double Value) Parameter(string spec, string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0 || !double.TryParse(text[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
            throw new ArgumentException($"scheduler '{spec}': write the parameter as key=NUMBER with a number >= 0, e.g. dynasor:aging=100");
        return (text[..eq], value);
    }
}
