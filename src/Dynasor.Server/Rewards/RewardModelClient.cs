using Dynasor.Rewards;

namespace Dynasor.Server.Rewards;

/// <summary>Makes the reward model client the server and the CLI use for <c>--reward-upstream URL --reward-model NAME --reward-kind prm|outcome</c>.</summary>
public static class RewardModelClient
{
    /// <summary>The default wait for one reward call: a 7B PRM scores a few thousand tokens in well under a second.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A client of the reward model at <paramref name="baseUrl"/> (the server root or its <c>/v1</c>, e.g.
    /// <c>http://prm-host:8000/v1</c>): <see cref="RewardKind.Prm"/> scores each step through <c>POST /pooling</c>,
    /// <see cref="RewardKind.Outcome"/> the whole solution through <c>POST /classify</c>. <paramref name="model"/> null:
    /// the first model <c>GET /v1/models</c> lists, looked up on the first call. <paramref name="http"/> is shared and not
    /// disposed; its own timeout should be infinite (<paramref name="timeout"/> bounds each call, default 60 s). The
    /// client is thread safe; its failures are <see cref="RewardModelException"/>s naming the URL and the fix.
    /// </summary>
    /// <exception cref="ArgumentException">The URL is not absolute http(s) or the timeout is not positive.</exception>
    public static IRewardModel Create(Uri baseUrl, string? model, RewardKind kind, HttpClient http, TimeSpan? timeout = null, string? apiKey = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(http);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"--reward-upstream '{baseUrl}' must be an absolute http(s) URL such as http://prm-host:8000/v1.", nameof(baseUrl));
        if (timeout is { } limit && limit <= TimeSpan.Zero)
            throw new ArgumentException($"The reward model timeout {limit} must be positive.", nameof(timeout));
        if (model is { } name && string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("--reward-model is empty; name the model the reward server serves, or leave it out to use the first it lists.", nameof(model));
        var endpoint = new RewardHttp(baseUrl, model, apiKey, http, timeout ?? DefaultTimeout);
        return kind switch
        {
            RewardKind.Prm => new VllmPrmClient(endpoint),
            RewardKind.Outcome => new OutcomeRewardClient(endpoint),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Use RewardKind.Prm or RewardKind.Outcome."),
        };
    }

    /// <summary>Reads a <c>--reward-kind</c> value: <c>prm</c> or <c>outcome</c> (lower case).</summary>
    /// <exception cref="ArgumentException">Any other value; the message names it and the two choices.</exception>
    public static RewardKind ParseKind(string text) => text switch
    {
        "prm" => RewardKind.Prm,
        "outcome" => RewardKind.Outcome,
        _ => throw new ArgumentException($"--reward-kind '{text}' is unknown; use prm (a process reward model at /pooling) or outcome (one score per answer at /classify)."),
    };
}
