using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>API keys guard <c>/v1/*</c> only.</summary>
[Collection(ServerCollection.Name)]
public sealed class ApiKeyTests(ServerFixture servers)
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("sk-test-ke")]
    public async Task Chat_MissingOrWrongKey_401OpenAiError(string? key)
    {
        using var response = await Http.PostAsync(servers.KeyedUrl + "/v1/chat/completions", Http.Chat(), key);
        var error = (await Http.JsonAsync(response)).GetProperty("error");

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(ServerFixture.ApiKey)]
    [InlineData("second-key")]
    public async Task Chat_ConfiguredKey_200(string key)
    {
        using var response = await Http.PostAsync(servers.KeyedUrl + "/v1/chat/completions", Http.Chat(), key);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Health_NoKey_200()
    {
        using var response = await Http.Client.GetAsync(servers.KeyedUrl + "/health");

        Assert.Equal(200, (int)response.StatusCode);
    }
}
