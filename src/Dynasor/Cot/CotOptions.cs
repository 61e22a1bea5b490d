namespace Dynasor.Cot;

/// <summary>
/// Settings of one Dynasor-CoT run (PAPER.md, "Probe consistency"). Immutable; call <see cref="Validate"/> once at
/// the edge (the runner validates too). Start from the defaults (the <c>mid</c> preset) or <see cref="FromEffort"/>
/// and change single settings with <c>with</c>.
/// </summary>
public sealed record CotOptions
{
    /// <summary>
    /// The effort presets as (Window k, ProbeInterval T), taken from the reference implementation's
    /// <c>effort_level</c> (hao-ai-lab/Dynasor, <c>dynasor/cot.py</c>), which agrees with the paper:
    /// mild (8, 64), low (5, 64), mid (3, 64), high (2, 64), crazy (2, 32). Higher effort saves more tokens
    /// (fewer agreeing probes needed, or probes more often) at more risk of exiting on a wrong answer.
    /// </summary>
    public static IReadOnlyList<(string Name, int Window, int ProbeInterval)> Efforts { get; } =
    [
        ("mild", 8, 64),
        ("low", 5, 64),
        ("mid", 3, 64),
        ("high", 2, 64),
        ("crazy", 2, 32),
    ];

    /// <summary>Largest probe interval T (tokens); every edge that takes T checks against it.</summary>
    public const int MaxProbeInterval = 100_000;

    /// <summary>Largest window k.</summary>
    public const int MaxWindow = 1000;

    /// <summary>Largest number of tokens a probe may generate (and read past its box).</summary>
    public const int MaxProbeTokens = 4096;

    /// <summary>The reference implementation's probe: appended to the chain so far, it makes the model write its current answer in a box.</summary>
    public const string DefaultProbeSuffix = "... Oh, I suddenly got the answer to the whole problem, **Final Answer**\n\n\\[ \\boxed{";

    /// <summary>T: chain tokens between probes, 1..100000. Default 64.</summary>
    public int ProbeInterval { get; init; } = 64;

    /// <summary>k: how many of the latest probe answers must agree before the chain exits, 1..1000. Default 3.</summary>
    public int Window { get; init; } = 3;

    /// <summary>Tokens each probe may generate, 1..4096. Default 20 (enough for a short answer and its closing brace).</summary>
    public int ProbeMaxTokens { get; init; } = 20;

    /// <summary>
    /// Tokens a probe keeps streaming after its box closes, 0..4096, so a hedge written right after the answer still
    /// vetoes it (the paper's rule reads the whole probe output); then the probe is cancelled. Default 8: the display's
    /// close (<c>} \]</c>), a paragraph break and the first word of the next one. 0 cancels at the closing brace, which
    /// on the simulated engine exits on hedged probes and drops mid-effort accuracy from 86.5% to 63% (README).
    /// </summary>
    public int ProbeTailTokens { get; init; } = 8;

    /// <summary>
    /// A server-side ceiling on chain tokens, 1..10^7: the chain stops at the smaller of this and the request's
    /// <c>MaxTokens</c>. Default 32768.
    /// </summary>
    public int MaxTokens { get; init; } = 32768;

    /// <summary>Text appended to the chain to probe it; must end inside <c>\boxed{</c> so the answer is the text before the unmatched brace.</summary>
    public string ProbeSuffix { get; init; } = DefaultProbeSuffix;

    /// <summary>The settings of a named effort preset (see <see cref="Efforts"/>), other settings at their defaults.</summary>
    /// <exception cref="ArgumentException">The name is not a preset; the message lists the presets.</exception>
    public static CotOptions FromEffort(string name)
    {
        foreach (var (effort, window, interval) in Efforts)
        {
            if (string.Equals(effort, name, StringComparison.OrdinalIgnoreCase))
                return new CotOptions { Window = window, ProbeInterval = interval };
        }
        throw new ArgumentException($"effort '{name}' is unknown; use one of {string.Join(", ", Efforts.Select(e => e.Name))}");
    }

    /// <summary>Returns this when every setting is in range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it, its value and the fix.</exception>
    public CotOptions Validate()
    {
        Check(nameof(ProbeInterval), "probe_interval", ProbeInterval, 1, MaxProbeInterval, 64);
        Check(nameof(Window), "window", Window, 1, MaxWindow, 3);
        Check(nameof(ProbeMaxTokens), "probe_max_tokens", ProbeMaxTokens, 1, MaxProbeTokens, 20);
        Check(nameof(ProbeTailTokens), "probe_tail_tokens", ProbeTailTokens, 0, MaxProbeTokens, 8);
        Check(nameof(MaxTokens), "max_tokens", MaxTokens, 1, 10_000_000, 32768);
        if (string.IsNullOrEmpty(ProbeSuffix) || !ProbeSuffix.TrimEnd().EndsWith('{'))
            throw new ArgumentException($"probe suffix '{ProbeSuffix}' is invalid; it must end with an opening brace such as \\boxed{{ so the probe answer can be read up to the closing brace");
        return this;
    }

    private static void Check(string property, string wire, int value, int min, int max, int example)
    {
        if (value < min || value > max)
            throw new ArgumentException($"{wire} ({property}) {value} is out of range; use {min}..{max} (for example {example})");
    }
}
