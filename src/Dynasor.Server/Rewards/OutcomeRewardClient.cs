using System.Text.Json;
using Dynasor.Rewards;

namespace Dynasor.Server.Rewards;

/// <summary>
/// An outcome reward model served by vLLM's classification API (<c>POST /classify</c>): a sequence-classification
/// reward model scores the whole solution (the steps joined by <see cref="SolutionSteps.Separator"/>) in
/// <c>data[0].probs</c>: one label (vLLM applies a sigmoid) is the reward itself, two labels give the second class's
/// probability. The score has one reward, for the whole text. The chat form of <c>/classify</c> (<c>messages</c>) is
/// documented in vLLM's API reference from v0.15 (ClassificationChatRequest). Thread safe.
/// </summary>
internal sealed class OutcomeRewardClient(RewardHttp http) : IRewardModel
{
    private const string Route = "classify";

    /// <inheritdoc />
    public async ValueTask<RewardScore> ScoreAsync(RewardRequest request, CancellationToken cancellationToken = default)
    {
        RewardMessages.Check(request);
        var model = await http.ModelAsync(cancellationToken);
        using var document = await http.PostAsync(Route, Body(model, request), cancellationToken);
        return Read(document.RootElement);
    }

    private static byte[] Body(string model, RewardRequest request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            RewardMessages.Write(json, request, SolutionSteps.Join(request.Steps));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private RewardScore Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array
            || data.GetArrayLength() == 0 || !data[0].TryGetProperty("probs", out var probs) || probs.ValueKind != JsonValueKind.Array)
            throw http.Shape(Route, "no data[0].probs array", "point --reward-upstream at a vLLM server that serves the classification API (POST /classify).");
        var classes = probs.GetArrayLength();
        if (classes is < 1 or > 2 || !VllmPrmClient.TryProbability(probs[classes - 1], out var reward))
            throw http.Shape(Route, $"{classes} class probabilities {probs.GetRawText()}",
                "serve an outcome reward model with one score (or two classes, the second the good one), or use --reward-kind prm for a process reward model.");
        return new RewardScore([reward], VllmPrmClient.PromptTokens(root));
    }
}
