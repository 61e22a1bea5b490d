using System.Text.Json;
using Dynasor.Engines;
using Dynasor.Rewards;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Modes;

/// <summary>
/// The system turn of a reward-guided program's requests. The programs give a conversation that has no system (or
/// developer) turn <see cref="SolutionSteps.SystemPrompt"/> as its first turn, so the model writes blank-line separated
/// steps with a boxed answer; but an HTTP engine sends the client's messages as written (<c>ClientFields.messages</c>)
/// or continues the client's raw prompt (<see cref="ContinuationRequest.Prompt"/>), where that turn would be lost. This
/// adds it to all three forms at once; a conversation with a system turn is left as the client wrote it.
/// </summary>
internal static class StepPrompt
{
    /// <summary><paramref name="request"/> with the step-by-step system turn in its turns, its client messages and its prompt.</summary>
    public static ContinuationRequest Apply(ContinuationRequest request)
    {
        if (request.Messages.Any(m => m.Role is "system" or "developer"))
            return request;
        IReadOnlyList<ChatTurn> turns = [new ChatTurn("system", SolutionSteps.SystemPrompt), .. request.Messages];
        return request with
        {
            Messages = turns,
            ClientFields = WithSystemMessage(request.ClientFields),
            // The completions route reads prompts in ChatML (PromptTemplate); a plain prompt was one user turn.
            Prompt = request.Prompt is null ? null : PromptTemplate.Render(turns, ""),
        };
    }

    // The client's fields with {"role":"system","content":...} first in "messages"; the other fields as they were.
    private static JsonElement? WithSystemMessage(JsonElement? fields)
    {
        if (fields is not { ValueKind: JsonValueKind.Object } client || !client.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            return fields;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var field in client.EnumerateObject())
            {
                if (field.Name != "messages")
                {
                    field.WriteTo(json);
                    continue;
                }
                json.WriteStartArray("messages");
                json.WriteStartObject();
                json.WriteString("role", "system");
                json.WriteString("content", SolutionSteps.SystemPrompt);
                json.WriteEndObject();
                foreach (var message in messages.EnumerateArray())
                    message.WriteTo(json);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
