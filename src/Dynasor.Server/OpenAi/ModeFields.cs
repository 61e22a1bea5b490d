using System.Text.Json;

namespace Dynasor.Server.OpenAi;

/// <summary>
/// The request fields a Dynasor mode cannot honour, refused with a 400 that names the field and the mode instead of
/// being dropped. <c>off</c> relays everything. <c>cot</c> and <c>sc</c> build their answer from text they generate
/// and vote on: a tool call, a schema-bound answer, per-token logprobs of a text the client never sees whole, or an
/// echoed prompt have no meaning there. <c>sc</c> answers with one voted sample, so <c>n</c> &gt; 1 asks for
/// something it does not do, and so do the reward-guided programs (<c>rebase</c>, <c>mcts</c>, <c>bon</c>, <c>wsc</c>), whose
/// reward model would also judge a question's text without its images or audio; <c>cot</c> continues the turn on token
/// ids, which cannot carry images or audio.
/// </summary>
public static class ModeFields
{
    /// <summary>Throws <see cref="OpenAiException"/> (400) for the first field of <paramref name="root"/> that <paramref name="mode"/> cannot honour.</summary>
    public static void Check(JsonElement root, string mode, int n, bool media)
    {
        if (mode == "off")
            return;
        foreach (var field in root.EnumerateObject())
        {
            var v = field.Value;
            var refused = field.Name switch
            {
                "tools" or "functions" => v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0,
                "tool_choice" or "function_call" => !(v.ValueKind == JsonValueKind.Null || (v.ValueKind == JsonValueKind.String && v.GetString() == "none")),
                "response_format" => !(v.ValueKind == JsonValueKind.Null
                    || (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "text")),
                "logprobs" => v.ValueKind is JsonValueKind.True || (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var count) && count > 0),
                "top_logprobs" => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var top) && top > 0,
                "echo" => v.ValueKind == JsonValueKind.True,
                "suffix" => v.ValueKind == JsonValueKind.String,
                "best_of" => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var best) && best > 1,
                "audio" or "prediction" => v.ValueKind != JsonValueKind.Null,
                "modalities" => v.ValueKind == JsonValueKind.Array && v.EnumerateArray().Any(m => m.ValueKind == JsonValueKind.String && m.GetString() == "audio"),
                _ => false,
            };
            if (refused)
                throw OpenAiException.Invalid($"'{field.Name}' cannot be honoured with dynasor.mode {mode}: the mode builds its answer from text it generates and votes on; "
                    + "send the request with dynasor.mode off (the engine answers it as it is), or drop the field.", field.Name, "unsupported_with_mode");
        }
        if (mode == "sc" && n > 1)
            throw OpenAiException.Invalid("'n' > 1 cannot be honoured with dynasor.mode sc: self-consistency answers with the one sample its vote chose; "
                + "send n 1 (raise dynasor.max_samples for more samples) or use dynasor.mode off.", "n", "unsupported_with_mode");
        var reward = DynasorSettings.RewardModes.Contains(mode);
        if (reward && n > 1)
            throw OpenAiException.Invalid($"'n' > 1 cannot be honoured with dynasor.mode {mode}: the program answers with the one path its reward chose; "
                + $"send n 1 (raise dynasor.{(mode switch { "rebase" => "width", "mcts" => "iterations", _ => "max_samples" })} for more search) or use dynasor.mode off.", "n", "unsupported_with_mode");
        if (reward && media)
            throw OpenAiException.Invalid($"Image, audio and file parts cannot be honoured with dynasor.mode {mode}: the reward model scores the question's text and the steps, "
                + "and would judge them without the media; use dynasor.mode sc or off for this request.", "messages", "unsupported_with_mode");
        if (mode == "cot" && media)
            throw OpenAiException.Invalid("Image, audio and file parts cannot be honoured with dynasor.mode cot: its chain is continued on token ids, which carry text only; "
                + "use dynasor.mode sc or off for this request.", "messages", "unsupported_with_mode");
    }
}
