namespace Dynasor.Server.Upstream;

/// <summary>An OpenAI-compatible upstream engine. Validated by <see cref="Validate"/>; the key never appears in <see cref="ToString"/>.</summary>
/// <param name="BaseUrl">The upstream's API root, ending in <c>/v1</c> (e.g. <c>http://vllm-host:8000/v1</c>).</param>
/// <param name="ApiKey">Bearer key for the upstream, read from an environment variable; never logged or echoed.</param>
/// <param name="Model">The model to ask for; null: the first model the upstream lists.</param>
/// <param name="Protocol">Chat continuation or raw completions.</param>
/// <param name="Timeout">Longest wait for the response headers and then between two stream lines; past it the request fails with 504.</param>
/// <param name="ConnectRetries">Extra attempts when the upstream cannot be reached; safe because nothing has reached the client yet.</param>
public sealed record UpstreamOptions(
    Uri BaseUrl,
    string? ApiKey = null,
    string? Model = null,
    UpstreamProtocol Protocol = UpstreamProtocol.Chat,
    TimeSpan? Timeout = null,
    int ConnectRetries = 1)
{
    /// <summary>The effective timeout (default 120 s).</summary>
    public TimeSpan EffectiveTimeout => Timeout ?? TimeSpan.FromSeconds(120);

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting and the fix.</summary>
    public UpstreamOptions Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"--upstream '{BaseUrl}' must be an absolute http(s) URL such as http://vllm-host:8000/v1.");
        if (EffectiveTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"The upstream timeout {EffectiveTimeout} must be positive.");
        if (ConnectRetries is < 0 or > 5)
            throw new ArgumentException($"Upstream connect retries {ConnectRetries} must be between 0 and 5.");
        return this;
    }

    /// <summary>The URL of <paramref name="route"/> (e.g. <c>chat/completions</c>) under <see cref="BaseUrl"/>.</summary>
    public Uri Route(string route) => new(BaseUrl.AbsoluteUri.TrimEnd('/') + "/" + route);

    /// <summary>Describes the upstream without its key.</summary>
    public override string ToString() =>
        $"{BaseUrl} ({Protocol}, model {Model ?? "first listed"}, key {(ApiKey is null ? "none" : "set")})";
}
