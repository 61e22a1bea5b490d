using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dynasor.Server.Tests.Conformance;

/// <summary>
/// A JSON answer without what differs between two runs of the same deterministic generation: ids, creation times and
/// timings (at any depth), and Dynasor's own <c>dynasor</c> object. What is left must be byte-identical direct and
/// through Dynasor.
/// </summary>
internal static class Normalized
{
    private static readonly HashSet<string> Volatile = ["id", "created", "timings", "dynasor"];

    public static string Of(JsonElement json) => Strip(JsonNode.Parse(json.GetRawText()))?.ToJsonString() ?? "null";

    public static IReadOnlyList<string> Of(IEnumerable<JsonElement> events) => events.Select(Of).ToList();

    private static JsonNode? Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var name in o.Select(p => p.Key).Where(Volatile.Contains).ToList())
                    o.Remove(name);
                foreach (var (_, value) in o)
                    Strip(value);
                break;
            case JsonArray a:
                foreach (var item in a)
                    Strip(item);
                break;
        }
        return node;
    }
}
