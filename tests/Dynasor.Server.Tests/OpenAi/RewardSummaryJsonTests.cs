using System.Text.Json;
using Dynasor.Server.Modes;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Tests.OpenAi;

/// <summary>The <c>dynasor</c> object of a reward-guided program, and the other modes' object left as it was.</summary>
public sealed class RewardSummaryJsonTests
{
    private static JsonElement Write(params ModeSummary[] summaries)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            DynasorJson.Write(json, summaries);
            json.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.ToArray()).RootElement.GetProperty("dynasor").Clone();
    }

    [Fact]
    public void Write_RebaseSummary_EveryField()
    {
        var summary = new ModeSummary("rebase", true, 0, 0.8, new Dictionary<string, int> { ["42"] = 14, ["41"] = 2 }, 2777)
        {
            Search = new SearchSummary(0.97, 80, 80, "width", 16, 32, 12257),
        };

        Assert.Equal("{\"mode\":\"rebase\",\"exited_early\":true,\"probes\":0,\"certaindex\":0.8,\"votes\":{\"42\":14,\"41\":2},\"upstream_tokens\":2777,"
            + "\"reward\":0.97,\"steps\":80,\"nodes\":80,\"knob\":{\"name\":\"width\",\"spent\":16,\"cap\":32},\"reward_tokens\":12257}", Write(summary).GetRawText());
    }

    [Fact]
    public void Write_PathWithoutReward_RewardNull()
    {
        var summary = new ModeSummary("mcts", false, 0, 0, new Dictionary<string, int>(), 10) { Search = new SearchSummary(null, 1, 1, "iterations", 1, 1, 0) };

        Assert.Equal(JsonValueKind.Null, Write(summary).GetProperty("reward").ValueKind);
    }

    [Fact]
    public void Write_ScSummary_NoSearchFields()
    {
        var dynasor = Write(new ModeSummary("sc", false, 0, 1.0, new Dictionary<string, int> { ["7"] = 3 }, 300));

        Assert.Equal(["mode", "exited_early", "probes", "certaindex", "votes", "upstream_tokens"], dynasor.EnumerateObject().Select(p => p.Name));
    }
}
