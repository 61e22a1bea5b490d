using System.Text.Json.Nodes;

namespace Dynasor.Server.Relay;

/// <summary>
/// Whole (non-streamed) answers of a request fanned out to an engine that ignores <c>n</c>, merged into one: the first
/// answer with every answer's choices renumbered in order, and the completion tokens summed (the prompt counted once).
/// </summary>
internal static class FanOutBodies
{
    public static byte[] Merge(IReadOnlyList<byte[]> bodies)
    {
        var merged = JsonNode.Parse(bodies[0])!.AsObject();
        var choices = new JsonArray();
        long completion = 0;
        for (var i = 0; i < bodies.Count; i++)
        {
            var answer = i == 0 ? merged : JsonNode.Parse(bodies[i])!.AsObject();
            if (answer["choices"] is JsonArray own)
            {
                foreach (var choice in own.ToList())
                {
                    own.Remove(choice);
                    if (choice is JsonObject c)
                        c["index"] = i;
                    choices.Add(choice);
                }
            }
            if (answer["usage"]?["completion_tokens"] is JsonValue v && v.TryGetValue<long>(out var tokens))
                completion += tokens;
        }
        merged["choices"] = choices;
        if (merged["usage"] is JsonObject usage)
        {
            usage["completion_tokens"] = completion;
            var prompt = usage["prompt_tokens"] is JsonValue p && p.TryGetValue<long>(out var count) ? count : 0;
            usage["total_tokens"] = prompt + completion;
        }
        return System.Text.Encoding.UTF8.GetBytes(merged.ToJsonString());
    }
}
