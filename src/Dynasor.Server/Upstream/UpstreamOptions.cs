namespace Dynasor.Server.Upstream;

/// <summary>An OpenAI-compatible upstream engine. Validated by <see cref="Validate"/>; the key never appears in <see cref="ToString"/>.</summary>
/// <param name="BaseUrl">The upstream's API root, ending in <c>/v1</c> (e.g. <c>http://vllm-host:8000/v1</c>).</param>
/// <param name="ApiKey">Bearer key for the upstream, read from an environment variable; never logged or echoed.</param>
/// <param name="Model">The model to ask for; null: the first model the upstream lists.</param>
/// <param name="Protocol">Chat continuation or raw completions.</param>
/// <param name="Timeout">Longest wait for the response headers and then between two stream lines; past it the request fails with 504.</param>
/// <param name="ConnectRetries">Extra attempts when the upstream cannot be reached; safe because nothing has reached the client yet.</param>
/// <param name="Dialect">The engine's dialect name (<c>vllm</c>, <c>sglang</c>, <c>llamacpp</c>, <c>ollama</c>, <c>openai</c>), or null to detect it at start.</param>
/// <param name="ReasoningParser">Whether the engine runs a reasoning parser; null: what its server info says, else the dialect's default.</param>
public sealed record UpstreamOptions(
    Uri BaseUrl,
    string? ApiKey = null,
    string? Model = null,
    UpstreamProtocol Protocol = UpstreamProtocol.Chat,
    TimeSpan? Timeout = null,
    int ConnectRetries = 1,
    string? Dialect = null,
    bool? ReasoningParser = null)
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
        if (Dialect is { } dialect)
            Dialects.DialectCatalog.Named(dialect);
        return this;
    }

    /// <summary>The URL of <paramref name="route"/> (e.g. <c>chat/completions</c>) under <see cref="BaseUrl"/>.</summary>
    public Uri Route(string route) => new(BaseUrl.AbsoluteUri.TrimEnd('/') + "/" + route);

    /// <summary>
    /// The URL of an engine route outside the OpenAI API root (<c>tokenize</c>, <c>props</c>, <c>completion</c>): under
    /// the server root, i.e. <see cref="BaseUrl"/> without its trailing <c>/v1</c>.
    /// </summary>
    public Uri RootRoute(string route)
    {
        var root = BaseUrl.AbsoluteUri.TrimEnd('/');
        if (root.EndsWith("/v1", StringComparison.Ordinal))
            root = root[..^3];
        return new Uri(root + "/" + route);
    }

    /// <summary>Describes the upstream without its key.</summary>
    public override string ToString() =>
        $"{BaseUrl} ({Dialect ?? "dialect detected"}, {Protocol}, model {Model ?? "first listed"}, key {(ApiKey is null ? "none" : "set")})";
}
