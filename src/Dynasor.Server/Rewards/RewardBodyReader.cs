using System.Text.Json;
using System.Text.RegularExpressions;
using Dynasor.Engines;
using Dynasor.Rewards;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Rewards;

/// <summary>
/// Reads the body of vLLM's <c>POST /pooling</c> or <c>POST /classify</c> as the reward clients send it: <c>messages</c>
/// (system, user = the question, assistant = the solution), or <c>input</c> holding the same chat already in the
/// ChatML template Qwen models use. For a PRM the assistant turn is the steps each followed by <c>&lt;extra_0&gt;</c>
/// (text after the last tag, like the template's closing, is not a step); for an outcome model it is the solution,
/// its steps separated by blank lines. Anything else is a 400 naming the field.
/// </summary>
internal static partial class RewardBodyReader
{
    /// <summary>Reads <paramref name="body"/>; <paramref name="tagged"/>: steps end with step tags (the PRM's form).</summary>
    /// <exception cref="OpenAiException">A 400 naming the field at fault and the fix.</exception>
    public static RewardBody Read(ReadOnlyMemory<byte> body, bool tagged)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw OpenAiException.Invalid($"The body is not valid JSON ({e.Message}); send a JSON object with model and messages.", null, "invalid_json");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw OpenAiException.Invalid("The body must be a JSON object with model and messages.", null);
            var model = OptionalString(root, "model");
            if (tagged && OptionalString(root, "encoding_format") is { } format && format != "float")
                throw OpenAiException.Invalid($"encoding_format '{format}' is not served here; send \"float\" or leave it out.", "encoding_format");
            var (turns, field) = root.TryGetProperty("messages", out var messages) ? (Messages(messages), "messages")
                : root.TryGetProperty("input", out var input) ? (ChatMl(input), "input")
                : throw OpenAiException.Invalid("The body has neither messages nor input; send messages: system, user (the question), assistant (the solution).", "messages");
            var question = turns.LastOrDefault(t => t.Role == "user")?.Content
                ?? throw OpenAiException.Invalid($"{field} has no user turn; the question goes in a user turn.", field);
            var solution = turns.LastOrDefault(t => t.Role == "assistant")?.Content
                ?? throw OpenAiException.Invalid($"{field} has no assistant turn; the solution to score goes in an assistant turn.", field);
            var system = turns.FirstOrDefault(t => t.Role == "system")?.Content;
            var steps = tagged ? Tagged(solution, field) : SolutionSteps.Split(solution);
            if (steps.Count == 0)
                throw OpenAiException.Invalid($"The assistant turn in {field} is empty; send the solution to score.", field);
            return new RewardBody(model, new RewardRequest(question, steps, system));
        }
    }

    private static List<string> Tagged(string solution, string field)
    {
        var pieces = solution.Split(RewardMessages.StepTag);
        if (pieces.Length < 2)
            throw OpenAiException.Invalid($"The assistant turn in {field} has no {RewardMessages.StepTag} step tag; end every step with {RewardMessages.StepTag}.", field, "missing_step_tag");
        return pieces[..^1].Select(p => p.Trim()).ToList();
    }

    private static List<ChatTurn> Messages(JsonElement messages)
    {
        if (messages.ValueKind != JsonValueKind.Array)
            throw OpenAiException.Invalid("messages must be an array of {role, content} objects.", "messages");
        var turns = new List<ChatTurn>();
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || OptionalString(message, "role", $"messages[{i}].role") is not { } role)
                throw OpenAiException.Invalid($"messages[{i}] must be an object with a role and a content string.", $"messages[{i}]");
            if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                throw OpenAiException.Invalid($"messages[{i}].content must be a string.", $"messages[{i}].content");
            turns.Add(new ChatTurn(role, content.GetString()!));
            i++;
        }

        return turns;
    }

    private static List<ChatTurn> ChatMl(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.String)
            throw OpenAiException.Invalid("input must be one string: the chat in the model's template (<|im_start|>role\\n...<|im_end|>); or send messages.", "input");
        var turns = Turn().Matches(input.GetString()!).Select(m => new ChatTurn(m.Groups[1].Value, m.Groups[2].Value)).ToList();
        if (turns.Count == 0)
            throw OpenAiException.Invalid("input holds no <|im_start|>role ... <|im_end|> turns; send the chat in the ChatML template, or send messages.", "input");
        return turns;
    }

    private static string? OptionalString(JsonElement root, string name, string? field = null)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw OpenAiException.Invalid($"{field ?? name} must be a string.", field ?? name);
    }

    // A ChatML turn; the last one may be left open (no <|im_end|>).
    [GeneratedRegex(@"<\|im_start\|>(\w+)\n(.*?)(?:<\|im_end\|>|$)", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Turn();
}
