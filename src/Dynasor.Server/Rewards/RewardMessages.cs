using System.Text.Json;
using Dynasor.Rewards;

namespace Dynasor.Server.Rewards;

/// <summary>
/// The chat a reward model reads, as vLLM's pooling and classification APIs take it in <c>messages</c>: the system
/// prompt (the request's, else <see cref="SolutionSteps.SystemPrompt"/>, which Qwen2.5-Math-PRM's model card uses),
/// the question as the user turn, and the solution as the assistant turn. vLLM applies the model's own chat template
/// without a generation prompt, as the model card's <c>apply_chat_template(..., add_generation_prompt=False)</c> does.
/// </summary>
internal static class RewardMessages
{
    /// <summary>The step tag Qwen2.5-Math-PRM reads a reward at (token id 151651, vLLM's default step_tag_id for the model).</summary>
    public const string StepTag = "<extra_0>";

    /// <summary>Writes <c>"messages": [...]</c> with <paramref name="assistant"/> as the assistant turn.</summary>
    public static void Write(Utf8JsonWriter json, RewardRequest request, string assistant)
    {
        json.WriteStartArray("messages");
        Turn(json, "system", request.System ?? SolutionSteps.SystemPrompt);
        Turn(json, "user", request.Question);
        Turn(json, "assistant", assistant);
        json.WriteEndArray();
    }

    /// <summary>The steps each followed by the step tag (a tag inside a step's own text is dropped, so tags and steps pair up).</summary>
    public static string Tagged(IReadOnlyList<string> steps) =>
        string.Concat(steps.Select(s => s.Replace(StepTag, "", StringComparison.Ordinal) + StepTag));

    /// <summary>Checks the request a client is asked to score.</summary>
    public static void Check(RewardRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Steps is null || request.Steps.Count == 0)
            throw new ArgumentException("RewardRequest.Steps is empty; score at least one step.", nameof(request));
    }

    private static void Turn(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        json.WriteEndObject();
    }
}
