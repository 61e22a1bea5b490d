using Dynasor.Cot;
using Dynasor.Programs;

namespace Dynasor.Extensions.AI;

/// <summary>
/// How <see cref="DynasorChatClient"/> runs requests: the same settings as the server's per-request <c>dynasor</c> object
/// (README, "Per request"), plus what only an in-process middleware needs (how the inner client continues a turn, the token
/// limit when a request names none). Immutable; validated once when the client is built. A request may override the
/// <c>dynasor</c> settings through <c>ChatOptions.AdditionalProperties["dynasor"]</c> (<see cref="DynasorRequestSettings"/>).
/// </summary>
public sealed record DynasorChatOptions
{
    /// <summary>The mode for requests that name none. Default <see cref="DynasorMode.Off"/>.</summary>
    public DynasorMode Mode { get; init; } = DynasorMode.Off;

    /// <summary>Dynasor-CoT preset: <c>mild</c>, <c>low</c>, <c>mid</c>, <c>high</c> or <c>crazy</c> (window k, probe interval T). Default <c>mid</c>.</summary>
    public string Effort { get; init; } = "mid";

    /// <summary>T: chain tokens between probes, 1..100000; null for the effort's value.</summary>
    public int? ProbeInterval { get; init; }

    /// <summary>k: equal consecutive probe answers needed to exit, 1..1000; null for the effort's value.</summary>
    public int? Window { get; init; }

    /// <summary>Most tokens a probe may generate, 1..4096; null for the default (20).</summary>
    public int? ProbeMaxTokens { get; init; }

    /// <summary>Tokens a probe reads after its box closes (a hedge there vetoes it), 0..4096; null for the default (8).</summary>
    public int? ProbeTailTokens { get; init; }

    /// <summary>
    /// The allocation policy of <see cref="DynasorMode.Sc"/>: a spec as in <c>dynasor replay</c> (<c>settle</c>,
    /// <c>ac:confidence=0.95</c>, <c>static:detect=5,threshold=0.7</c>) or <c>@PATH</c>, a policy file written by
    /// <c>dynasor calibrate --out</c> (a relative path is read from <see cref="PolicyDirectory"/>, else the current directory).
    /// Default <c>settle</c>.
    /// </summary>
    public string Policy { get; init; } = "settle";

    /// <summary>Most self-consistency samples per request, 1..1000. Default 40.</summary>
    public int MaxSamples { get; init; } = 40;

    /// <summary>Output tokens per chain or sample when the request's <c>MaxOutputTokens</c> is null, 1..10^7. Default 16384 (the server's default).</summary>
    public int DefaultMaxTokens { get; init; } = 16_384;

    /// <summary>
    /// Where <c>@NAME</c> policy files are read from. A request's own <c>policy</c> may name only a bare file here (as the
    /// server's <c>policy_dir</c>); null: requests may not name policy files.
    /// </summary>
    public string? PolicyDirectory { get; init; }

    /// <summary>How the inner client is made to continue a partial assistant turn (Dynasor-CoT needs it). Default <see cref="ChatContinuation.Auto"/>.</summary>
    public ChatContinuation Continuation { get; init; } = ChatContinuation.Auto;

    /// <summary>The Dynasor-CoT settings these options stand for: the effort preset with the overrides laid over it.</summary>
    public CotOptions CotOptions(int maxTokens)
    {
        var preset = Dynasor.Cot.CotOptions.FromEffort(Effort);
        return preset with
        {
            ProbeInterval = ProbeInterval ?? preset.ProbeInterval,
            Window = Window ?? preset.Window,
            ProbeMaxTokens = ProbeMaxTokens ?? preset.ProbeMaxTokens,
            ProbeTailTokens = ProbeTailTokens ?? preset.ProbeTailTokens,
            MaxTokens = maxTokens,
        };
    }

    /// <summary>The self-consistency settings these options stand for.</summary>
    public ScOptions ScOptions() => new(MaxSamples);

    /// <summary>Returns this when every setting is in range.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it, its value and the fix.</exception>
    public DynasorChatOptions Validate()
    {
        if (!Enum.IsDefined(Mode))
            throw new ArgumentException($"Mode {(int)Mode} is unknown; use DynasorMode.Off, Cot or Sc");
        if (!Dynasor.Cot.CotOptions.Efforts.Any(e => e.Name == Effort))
            throw new ArgumentException($"Effort '{Effort}' is unknown; use one of {string.Join(", ", Dynasor.Cot.CotOptions.Efforts.Select(e => e.Name))}");
        if (DefaultMaxTokens is < 1 or > 10_000_000)
            throw new ArgumentException($"DefaultMaxTokens {DefaultMaxTokens} is out of range; use 1..10000000 (for example 16384)");
        if (string.IsNullOrWhiteSpace(Policy))
            throw new ArgumentException("Policy is empty; give a policy spec such as 'settle' or 'ac:confidence=0.95'");
        ArgumentNullException.ThrowIfNull(Continuation);
        CotOptions(DefaultMaxTokens).Validate();
        ScOptions().Validate();
        return this;
    }
}
