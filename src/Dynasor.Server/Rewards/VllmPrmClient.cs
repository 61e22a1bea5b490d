using System.Text.Json;
using Dynasor.Rewards;

namespace Dynasor.Server.Rewards;

/// <summary>
/// A process reward model served by vLLM's pooling API (<c>POST /pooling</c>), such as Qwen2.5-Math-PRM-7B
/// (<c>vllm serve Qwen/Qwen2.5-Math-PRM-7B</c>; older vLLM: <c>--task reward</c>, newer: <c>--runner pooling</c>, both
/// detected from the model). The request is the chat with every step followed by <c>&lt;extra_0&gt;</c>; vLLM's STEP
/// pooler answers one softmax pair [negative, positive] per tag, in <c>data[0].data</c>, and the positive probability
/// is the step's reward (the model card's <c>make_step_rewards</c>). Formats: vLLM v0.7 to v0.18 (docs/rewards.md).
/// Thread safe.
/// </summary>
internal sealed class VllmPrmClient(RewardHttp http) : IRewardModel
{
    private const string Route = "pooling";

    /// <inheritdoc />
    public async ValueTask<RewardScore> ScoreAsync(RewardRequest request, CancellationToken cancellationToken = default)
    {
        RewardMessages.Check(request);
        var model = await http.ModelAsync(cancellationToken);
        using var document = await http.PostAsync(Route, Body(model, request), cancellationToken);
        return Read(document.RootElement, request.Steps.Count);
    }

    private static byte[] Body(string model, RewardRequest request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            RewardMessages.Write(json, request, RewardMessages.Tagged(request.Steps));
            // Numbers, not vLLM's base64 option.
            json.WriteString("encoding_format", "float");
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private RewardScore Read(JsonElement root, int steps)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array
            || data.GetArrayLength() == 0 || !data[0].TryGetProperty("data", out var rows) || rows.ValueKind != JsonValueKind.Array)
            throw http.Shape(Route, "no data[0].data array", "point --reward-upstream at a vLLM server that serves the pooling API (POST /pooling).");
        if (rows.GetArrayLength() != steps)
            throw http.Shape(Route, $"{rows.GetArrayLength()} rewards for {steps} steps",
                "serve a process reward model whose pooler reads one reward per <extra_0> tag (vllm serve Qwen/Qwen2.5-Math-PRM-7B, step_tag_id 151651), or use --reward-kind outcome for a model that scores whole answers.");
        var rewards = new double[steps];
        var i = 0;
        foreach (var row in rows.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != 2 || !TryProbability(row[1], out rewards[i]))
                throw http.Shape(Route, $"step {i + 1}'s value {Cut(row)} where a [negative, positive] probability pair belongs",
                    "serve a two-class process reward model such as Qwen2.5-Math-PRM-7B with its default softmax.");
            i++;
        }

        return new RewardScore(rewards, PromptTokens(root));
    }

    /// <summary>A probability in [0, 1] (half-precision rounding a hair outside is clamped).</summary>
    public static bool TryProbability(JsonElement value, out double probability)
    {
        probability = value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
        if (!(probability >= -1e-3 && probability <= 1 + 1e-3))
            return false;
        probability = Math.Clamp(probability, 0, 1);
        return true;
    }

    /// <summary>usage.prompt_tokens, or 0 when the answer has none.</summary>
    public static int PromptTokens(JsonElement root) =>
        root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
        && usage.TryGetProperty("prompt_tokens", out var tokens) && tokens.TryGetInt32(out var count) ? count : 0;

    private static string Cut(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 40 ? text[..40] + "..." : text;
    }
}
