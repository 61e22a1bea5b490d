using System.Text.Json;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Modes;

/// <summary>What the reward modes refuse, with a 400 that names the field: bad knobs, and what a program cannot honour.</summary>
[Collection(ServerCollection.Name)]
public sealed class RewardModeValidationTests(ServerFixture servers)
{
    private async Task<JsonElement> RefusedAsync(string body)
    {
        using var response = await Http.PostAsync(servers.InstantDynasorUrl + "/v1/chat/completions", body);
        var error = (await Http.JsonAsync(response)).GetProperty("error");
        Assert.Equal(400, (int)response.StatusCode);
        return error;
    }

    [Theory]
    [InlineData("{\"mode\":\"beam\"}", "dynasor.mode")]
    [InlineData("{\"mode\":\"rebase\",\"width\":0}", "dynasor.width")]
    [InlineData("{\"mode\":\"rebase\",\"width\":1001}", "dynasor.width")]
    [InlineData("{\"mode\":\"rebase\",\"width\":\"wide\"}", "dynasor.width")]
    [InlineData("{\"mode\":\"mcts\",\"iterations\":0}", "dynasor.iterations")]
    [InlineData("{\"mode\":\"bon\",\"max_samples\":1001}", "dynasor.max_samples")]
    [InlineData("{\"mode\":\"mcts\",\"max_depth\":101}", "dynasor.max_depth")]
    [InlineData("{\"mode\":\"mcts\",\"step_tokens\":0}", "dynasor.step_tokens")]
    [InlineData("{\"mode\":\"rebase\",\"balance_temperature\":0}", "dynasor.balance_temperature")]
    [InlineData("{\"mode\":\"mcts\",\"exploration\":-1}", "dynasor.exploration")]
    [InlineData("{\"mode\":\"mcts\",\"expansion_width\":65}", "dynasor.expansion_width")]
    [InlineData("{\"mode\":\"rebase\",\"policy\":\"nonsense:x=1\"}", "dynasor.policy")]
    [InlineData("{\"mode\":\"rebase\",\"width\":100}", "dynasor.width")]
    public async Task Chat_BadRewardSetting_400NamingTheField(string dynasor, string param)
    {
        var error = await RefusedAsync(Http.Chat($",\"dynasor\":{dynasor}"));

        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Theory]
    [InlineData("{\"mode\":\"mcts\",\"max_depth\":101}", "between 1 and 100")]
    [InlineData("{\"mode\":\"rebase\",\"balance_temperature\":0}", "at least 0.01 and at most 100")]
    [InlineData("{\"mode\":\"rebase\",\"width\":100}", "Lower n or dynasor.width")]
    public async Task Chat_BadRewardSetting_MessageGivesTheRangeOrTheFix(string dynasor, string expected)
    {
        var error = await RefusedAsync(Http.Chat($",\"dynasor\":{dynasor}"));

        Assert.Contains(expected, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Chat_RewardModeWithSeveralChoices_400NamingN()
    {
        var error = await RefusedAsync(Http.Chat(",\"n\":2,\"dynasor\":{\"mode\":\"bon\"}"));

        Assert.Equal(("n", "unsupported_with_mode"), (error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Chat_PartialAssistantTurn_400NamingMessages()
    {
        var body = "{\"model\":\"m\",\"continue_final_message\":true,\"add_generation_prompt\":false,\"dynasor\":{\"mode\":\"rebase\"},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"Step 1.\"}]}";

        var error = await RefusedAsync(body);

        Assert.Equal("messages", error.GetProperty("param").GetString());
        Assert.Contains("partial assistant turn", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Chat_ImagePart_400NamingMessages()
    {
        var body = "{\"model\":\"m\",\"dynasor\":{\"mode\":\"wsc\"},\"messages\":[{\"role\":\"user\",\"content\":"
            + "[{\"type\":\"text\",\"text\":\"q\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\"}}]}]}";

        var error = await RefusedAsync(body);

        Assert.Equal("messages", error.GetProperty("param").GetString());
    }
}
