using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Hosting;

/// <summary>
/// The models the server's engines serve, and the client's name for one resolved to the upstream's: an alias from the
/// config, a model an engine lists, or, when the client names none, the default. A model no engine serves is refused
/// with vLLM's 404 <c>model_not_found</c>, never silently replaced. The engines' lists are read once and read again when
/// a client names a model not in them (an engine may load adapters at run time), at most every few seconds. While no
/// engine could be asked, names pass unchecked and the engine itself answers. Thread-safe.
/// </summary>
public sealed class ServedModels
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);
    private readonly IReadOnlyList<ServedEngine> _engines;
    private readonly IReadOnlyDictionary<string, string> _aliases;
    private readonly string? _default;
    private readonly TimeProvider _time;
    private readonly object _lock = new();
    private Task<IReadOnlyList<string>?>? _listing;
    private long _listedAt;

    /// <param name="engines">The replicas (they serve the same models).</param>
    /// <param name="aliases">Client name to upstream name.</param>
    /// <param name="defaultModel">The upstream model for requests that name none; null: the first listed.</param>
    /// <param name="time">The clock for the refresh interval.</param>
    public ServedModels(IReadOnlyList<ServedEngine> engines, IReadOnlyDictionary<string, string>? aliases, string? defaultModel, TimeProvider time)
    {
        _engines = engines;
        _aliases = aliases ?? new Dictionary<string, string>();
        _default = defaultModel;
        _time = time;
    }

    /// <summary>The configured aliases (client name to upstream name).</summary>
    public IReadOnlyDictionary<string, string> Aliases => _aliases;

    /// <summary>
    /// The upstream's name for <paramref name="requested"/>: null when the client's name is the upstream's own (or
    /// cannot be checked) and goes upstream unchanged. Throws a 404 <see cref="OpenAiException"/> for a model no engine
    /// serves.
    /// </summary>
    public async Task<string?> ResolveAsync(string? requested, CancellationToken cancellationToken)
    {
        if (requested is not null && _aliases.TryGetValue(requested, out var target))
            return target;
        var listed = await ListAsync(refresh: false, cancellationToken);
        if (string.IsNullOrEmpty(requested))
            return _default ?? listed?.FirstOrDefault();
        if (listed is null || Serves(listed, requested))
            return null;
        listed = await ListAsync(refresh: true, cancellationToken);
        if (listed is null || Serves(listed, requested))
            return null;
        var known = listed.Concat(_aliases.Keys).Distinct().ToList();
        throw new OpenAiException(404, $"The model '{requested}' does not exist on this server; served: {string.Join(", ", known)}.",
            "invalid_request_error", "model", "model_not_found");
    }

    // Ollama lists "name:latest" and answers to "name" as well.
    private static bool Serves(IReadOnlyList<string> listed, string requested) =>
        listed.Contains(requested) || listed.Contains(requested + ":latest");

    /// <summary>The models the engines list (union, in order), or null when none could be asked.</summary>
    public Task<IReadOnlyList<string>?> ListAsync(bool refresh, CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<string>?> listing;
        lock (_lock)
        {
            var stale = _listing is null || _listing.IsFaulted || _listing.IsCanceled
                || (_listing.IsCompleted && (_listing.Result is null || refresh) && _time.GetElapsedTime(_listedAt) >= RefreshEvery);
            if (stale)
            {
                _listedAt = _time.GetTimestamp();
                // Not tied to one client's cancellation: concurrent requests share the lookup.
                _listing = LookupAsync();
            }
            listing = _listing!;
        }
        return listing.WaitAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<string>?> LookupAsync()
    {
        var lists = await Task.WhenAll(_engines.Select(async e =>
        {
            try
            {
                return await e.ListModelsAsync(CancellationToken.None);
            }
            catch (Exception)
            {
                // Unreachable, or an answer that is not a model list: this engine's models are unknown for now.
                return null;
            }
        }));
        var answered = lists.Where(l => l is not null).ToList();
        return answered.Count == 0 ? null : answered.SelectMany(l => l!).Distinct(StringComparer.Ordinal).ToList();
    }
}
