using Dynasor.Server.Rewards;

namespace Dynasor.Server.Hosting;

/// <summary>The reward model as configured (<c>--reward-upstream URL</c> or the config file's <c>reward_upstream</c>).</summary>
/// <param name="Url">The reward server's API root, e.g. <c>http://prm-host:8000/v1</c> (vLLM serving a pooling model).</param>
/// <param name="Model">The model to ask for (<c>--reward-model</c>); null: the first it lists.</param>
/// <param name="Kind"><c>prm</c>: per-step rewards from <c>POST /pooling</c>; <c>outcome</c>: one score from <c>POST /classify</c>.</param>
/// <param name="KeyEnv">Environment variable with its API key (<c>--reward-key-env</c>); null: none.</param>
public sealed record RewardUpstreamSpec(string Url, string? Model = null, RewardKind Kind = RewardKind.Prm, string? KeyEnv = null)
{
    /// <summary>Returns this when the URL is given and absolute http(s), and a named model or key variable is not blank.</summary>
    /// <exception cref="ArgumentException">The message names the setting and the fix.</exception>
    public RewardUpstreamSpec Validate()
    {
        if (Url.Length == 0)
            throw new ArgumentException("A reward model is described (--reward-model, --reward-kind or --reward-key-env; reward_model, reward_kind or reward_key_env in the config) "
                + "but not where it runs; give --reward-upstream URL (reward_upstream in the config), e.g. http://prm-host:8000/v1.");
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"--reward-upstream '{Url}' is not an http(s) URL; give the reward model server's API root such as http://prm-host:8000/v1.");
        if (Model is not null && string.IsNullOrWhiteSpace(Model))
            throw new ArgumentException("--reward-model is empty; name the model the reward server serves, or leave it out to use the first it lists.");
        if (KeyEnv is not null && string.IsNullOrWhiteSpace(KeyEnv))
            throw new ArgumentException("--reward-key-env is empty; name the environment variable that holds the reward server's API key.");
        return this;
    }
}
