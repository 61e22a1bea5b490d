using Dynasor.Scheduling;
using Dynasor.Server.Metrics;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Upstream;

namespace Dynasor.Server.Hosting;

/// <summary>Server settings, from the command line and the config file; validated once by <see cref="Validate"/>.</summary>
/// <param name="Host">Address to listen on (an IP address or <c>localhost</c>).</param>
/// <param name="Port">Port to listen on; 0 picks a free one (the bound URL is printed).</param>
/// <param name="MaxRequestBodyBytes">Larger request bodies get 413.</param>
/// <param name="Limits">Bounds on <c>max_tokens</c> and <c>n</c>, and the default completion length.</param>
/// <param name="Defaults">The <c>dynasor</c> object a request starts from.</param>
/// <param name="ApiKeys">Bearer keys accepted on <c>/v1/*</c>; empty: no key needed.</param>
/// <param name="Role">Dynasor server or bare engine.</param>
/// <param name="UpstreamTimeout">Upstream wait for headers and between stream lines.</param>
/// <param name="UpstreamProtocol">How partial assistant turns are continued upstream.</param>
/// <param name="PolicyDirectory">Where <c>@FILE</c> policy names are looked up; null: the working directory.</param>
/// <param name="MaxInFlight">
/// Requests (sequences) the scheduler lets into each upstream at once; the rest wait in program-aware order. Default
/// 256, vLLM's default <c>max_num_seqs</c>: the engine's own batch, so requests queue here, where programs are known.
/// </param>
/// <param name="Scheduler">Scheduling policy spec (<see cref="SchedulerCatalog"/>), default <c>dynasor</c>.</param>
/// <param name="HealthInterval">How often each HTTP upstream is probed (<c>GET /v1/models</c>); default 5 s.</param>
/// <param name="Upstreams">Upstream replicas from the config file; <c>--upstream</c> replaces them.</param>
/// <param name="DefaultModel">The upstream model for requests that name none (<c>--model</c>); null: the first the engines list.</param>
/// <param name="ModelAliases">Client model names mapped to an upstream's (<c>model_aliases</c> in the config file).</param>
/// <param name="DrainTimeout">How long requests in flight may finish once shutdown begins (default 30 s); then they are ended.</param>
/// <param name="AccessLogPath">File the access log is appended to; null: the log (standard error).</param>
/// <param name="KeyLimits">Per-API-key request and token limits per minute; null: none.</param>
/// <param name="InlineIo">
/// Run request handling on Kestrel's socket threads instead of handing every read to the thread pool
/// (<c>UnsafePreferInlineScheduling</c>): less CPU per relayed token; safe because no request handler blocks.
/// </param>
/// <param name="Telemetry">Where traces and metrics go over OTLP; null: metrics at <c>/metrics</c> only, no traces.</param>
public sealed record ServerOptions(
    string Host = "127.0.0.1",
    int Port = 8000,
    long MaxRequestBodyBytes = 4 << 20,
    RequestLimits? Limits = null,
    DynasorSettings? Defaults = null,
    IReadOnlyList<string>? ApiKeys = null,
    ServerRole Role = ServerRole.Dynasor,
    TimeSpan? UpstreamTimeout = null,
    UpstreamProtocol UpstreamProtocol = UpstreamProtocol.Chat,
    string? PolicyDirectory = null,
    int MaxInFlight = 256,
    string Scheduler = "dynasor",
    TimeSpan? HealthInterval = null,
    IReadOnlyList<UpstreamSpec>? Upstreams = null,
    string? DefaultModel = null,
    IReadOnlyDictionary<string, string>? ModelAliases = null,
    bool InlineIo = false,
    TimeSpan? DrainTimeout = null,
    string? AccessLogPath = null,
    KeyLimits? KeyLimits = null,
    TelemetryOptions? Telemetry = null)
{
    /// <summary>The reward model server (<c>--reward-upstream</c>, <c>reward_upstream</c>); null: the simulated engine's PRM, or none.</summary>
    public RewardUpstreamSpec? RewardUpstream { get; init; }

    /// <summary>Where and how <c>serve --record</c> records traffic (the config file's <c>record</c>); null: nothing is recorded.</summary>
    public Recording.RecordingOptions? Recording { get; init; }

    /// <summary>The effective drain timeout.</summary>
    public TimeSpan EffectiveDrainTimeout => DrainTimeout ?? TimeSpan.FromSeconds(30);

    /// <summary>The effective health probe interval.</summary>
    public TimeSpan EffectiveHealthInterval => HealthInterval ?? TimeSpan.FromSeconds(5);

    /// <summary>The effective request limits.</summary>
    public RequestLimits EffectiveLimits => Limits ?? new RequestLimits();

    /// <summary>The effective <c>dynasor</c> defaults.</summary>
    public DynasorSettings EffectiveDefaults => Defaults ?? new DynasorSettings();

    /// <summary>The effective API keys.</summary>
    public IReadOnlyList<string> EffectiveApiKeys => ApiKeys ?? [];

    /// <summary><paramref name="policy"/> with a <c>@FILE</c> name resolved in <see cref="PolicyDirectory"/>.</summary>
    public string ResolvePolicy(string policy) =>
        policy.StartsWith('@') ? "@" + Path.Combine(PolicyDirectory ?? Environment.CurrentDirectory, policy[1..]) : policy;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting and the fix.</summary>
    public ServerOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
            throw new ArgumentException("--host must not be empty; use 127.0.0.1, 0.0.0.0 or localhost.");
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"--port {Port} must be between 0 and 65535 (0 picks a free port).");
        if (Port == 0 && Host == "localhost")
            throw new ArgumentException("--port 0 needs an IP address for --host (Kestrel cannot pick a free port for 'localhost'); use 127.0.0.1.");
        if (MaxRequestBodyBytes < 1024)
            throw new ArgumentException($"max_request_body_bytes {MaxRequestBodyBytes} must be at least 1024.");
        var limits = EffectiveLimits;
        if (limits.MaxTokens < 1 || limits.DefaultMaxTokens < 1 || limits.DefaultMaxTokens > limits.MaxTokens)
            throw new ArgumentException($"default_max_tokens {limits.DefaultMaxTokens} must be between 1 and max_tokens_limit {limits.MaxTokens}.");
        if (limits.MaxChoices < 1)
            throw new ArgumentException($"max_choices {limits.MaxChoices} must be at least 1.");
        if (limits.MaxRequestSequences < 1 || limits.MaxRequestTokens < 1)
            throw new ArgumentException($"max_request_sequences {limits.MaxRequestSequences} and max_request_tokens {limits.MaxRequestTokens} must be at least 1.");
        if (UpstreamTimeout is { } timeout && timeout <= TimeSpan.Zero)
            throw new ArgumentException($"upstream_timeout_seconds {timeout.TotalSeconds} must be positive.");
        if (MaxInFlight < 1)
            throw new ArgumentException($"--max-inflight {MaxInFlight} must be at least 1 (requests each upstream runs at once); e.g. the engine's max batch size.");
        try
        {
            SchedulerCatalog.Create(Scheduler);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--scheduler: {e.Message}");
        }
        if (DrainTimeout is { } drain && (drain < TimeSpan.Zero || drain > TimeSpan.FromHours(1)))
            throw new ArgumentException($"drain_timeout_seconds {drain.TotalSeconds} must be between 0 and 3600.");
        if (KeyLimits is { } keyLimits)
        {
            if (keyLimits.RequestsPerMinute is < 1 || keyLimits.TokensPerMinute is < 1)
                throw new ArgumentException("key_limits: requests_per_minute and tokens_per_minute must be at least 1 when given.");
            if (EffectiveApiKeys.Count == 0)
                throw new ArgumentException("key_limits limit each API key, but no keys are set; pass --api-keys-env, or remove key_limits.");
        }
        if (HealthInterval is { } interval && interval <= TimeSpan.Zero)
            throw new ArgumentException($"health_interval_seconds {interval.TotalSeconds} must be positive.");
        Telemetry?.Validate();
        RewardUpstream?.Validate();
        if (EffectiveApiKeys.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("An API key is empty; --api-keys-env names a variable of comma-separated non-empty keys.");
        Recording?.Validate();
        return this;
    }
}
