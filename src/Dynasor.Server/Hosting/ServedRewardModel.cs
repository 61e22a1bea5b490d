using Dynasor.Rewards;
using Dynasor.Server.Rewards;

namespace Dynasor.Server.Hosting;

/// <summary>
/// The reward model the server's reward modes (rebase, mcts, bon, wsc) score with: an HTTP reward upstream
/// (<c>--reward-upstream</c>), or the simulated PRM over the simulated engine. Passes every call through to
/// <see cref="Inner"/> and remembers how the last one went, for <c>/health</c>. Thread safe.
/// </summary>
/// <param name="name">How errors, <c>/health</c> and the startup line name it: the reward upstream's URL, or <c>simulated</c>.</param>
/// <param name="model">The model asked for; null: the first the reward upstream lists.</param>
/// <param name="kind">Per-step (<see cref="RewardKind.Prm"/>) or one score per answer (<see cref="RewardKind.Outcome"/>).</param>
/// <param name="inner">The model's client.</param>
public sealed class ServedRewardModel(string name, string? model, RewardKind kind, IRewardModel inner) : IRewardModel
{
    private readonly object _lock = new();
    private string? _state;
    private string? _error;

    /// <summary>The reward upstream's URL, or <c>simulated</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The model asked for; null: the first the reward upstream lists.</summary>
    public string? Model { get; } = model;

    /// <summary>Per-step or per-answer scores.</summary>
    public RewardKind Kind { get; } = kind;

    /// <summary>The model's client.</summary>
    public IRewardModel Inner { get; } = inner;

    /// <summary><c>unknown</c> before the first call, then <c>up</c> or <c>down</c> by how the last call ended.</summary>
    public string State
    {
        get { lock (_lock) return _state ?? "unknown"; }
    }

    /// <summary>Why the last call failed, while <see cref="State"/> is <c>down</c>.</summary>
    public string? LastError
    {
        get { lock (_lock) return _error; }
    }

    /// <summary>The CLI's and config's kind name: <c>prm</c> or <c>outcome</c>.</summary>
    public string KindName => Kind == RewardKind.Outcome ? "outcome" : "prm";

    /// <summary>The simulated PRM over <paramref name="engine"/>'s questions.</summary>
    public static ServedRewardModel Simulated(SimEngine.SimulatedEngine engine, SimRewardOptions? options = null) =>
        new("simulated", engine.ModelName, RewardKind.Prm, new SimulatedRewardModel(engine, options));

    /// <summary>A client of the reward upstream <paramref name="spec"/> (its key already read from the environment).</summary>
    /// <exception cref="ArgumentException">The URL is not absolute http(s).</exception>
    public static ServedRewardModel ForUpstream(RewardUpstreamSpec spec, string? apiKey, HttpClient http) =>
        new(spec.Url, spec.Model, spec.Kind, RewardModelClient.Create(new Uri(spec.Url), spec.Model, spec.Kind, http, null, apiKey));

    /// <summary>One line for the startup output.</summary>
    public string Describe() => Name == "simulated"
        ? $"reward model: simulated PRM over the simulated engine's questions (model {Model}); reward modes rebase, mcts, bon, wsc"
        : $"reward model {Name}: {KindName} ({(Kind == RewardKind.Outcome ? "POST /classify" : "POST /pooling")}), model {Model ?? "the first it lists"}; reward modes rebase, mcts, bon, wsc";

    /// <summary>Writes <c>"reward_model":{"upstream","kind","model","state"[,"error"]}</c> for <c>/health</c>.</summary>
    public void WriteHealth(System.Text.Json.Utf8JsonWriter json)
    {
        json.WriteStartObject("reward_model");
        json.WriteString("upstream", Name);
        json.WriteString("kind", KindName);
        if (Model is not null)
            json.WriteString("model", Model);
        json.WriteString("state", State);
        if (LastError is { } error)
            json.WriteString("error", error);
        json.WriteEndObject();
    }

    /// <inheritdoc />
    public async ValueTask<RewardScore> ScoreAsync(RewardRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            var score = await Inner.ScoreAsync(request, cancellationToken);
            Set("up", null);
            return score;
        }
        catch (RewardModelException e)
        {
            Set("down", e.Message);
            throw;
        }
    }

    private void Set(string state, string? error)
    {
        lock (_lock)
            (_state, _error) = (state, error);
    }
}
