using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>Bad requests get an OpenAI-style 400 (or 413) naming the field, and the server keeps serving.</summary>
[Collection(ServerCollection.Name)]
public sealed class BadInputTests(ServerFixture servers)
{
    [Theory]
    [InlineData("{\"messages\":[", null, "invalid_json")]
    [InlineData("[1,2]", null, "invalid_json")]
    [InlineData("{\"model\":\"m\"}", "messages", "missing_required_parameter")]
    [InlineData("{\"messages\":[]}", "messages", "invalid_type")]
    [InlineData("{\"messages\":\"hi\"}", "messages", "invalid_type")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":5}]}", "messages[0].content", "invalid_type")]
    [InlineData("{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}", "messages[0].role", "invalid_value")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":-1}", "max_tokens", "invalid_value")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_completion_tokens\":99999999999}", "max_completion_tokens", "invalid_value")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1000000}", "max_tokens", "invalid_value")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}", "temperature", "invalid_type")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":0}", "n", "invalid_value")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}", "stream", "invalid_type")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"dynasor\":{\"mode\":\"fast\"}}", "dynasor.mode", "invalid_value")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"dynasor\":{\"effort\":\"extreme\"}}", "dynasor.effort", "invalid_value")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"dynasor\":{\"window\":-3}}", "dynasor.window", "invalid_value")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"dynasor\":{\"speed\":1}}", "dynasor.speed", "unknown_parameter")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"\\ud800\"}]}", "messages[0].content", "invalid_text")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"dynasor\":{\"mode\":\"sc\",\"max_samples\":1001}}", "dynasor.max_samples", "invalid_value")]
    public async Task Chat_BadBody_400NamingFieldThenStillServes(string body, string? param, string code)
    {
        using var response = await Http.PostAsync(servers.Url + "/v1/chat/completions", body);
        var error = (await Http.JsonAsync(response)).GetProperty("error");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        using var next = await Http.PostAsync(servers.Url + "/v1/chat/completions", Http.Chat());
        Assert.Equal(200, (int)next.StatusCode);
    }

    [Fact]
    public async Task Chat_InvalidUtf8InAString_400NamingTheField()
    {
        byte[] body = [.. "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""u8, 0xFF, 0xFE, .. "\"}]}"u8];
        using var request = new HttpRequestMessage(HttpMethod.Post, servers.Url + "/v1/chat/completions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");

        using var response = await Http.Client.SendAsync(request);
        var error = (await Http.JsonAsync(response)).GetProperty("error");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(("messages[0].content", "invalid_text"), (error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task GetOnAPostRoute_405WithAnOpenAiError()
    {
        using var response = await Http.Client.GetAsync(servers.Url + "/v1/chat/completions");
        var error = (await Http.JsonAsync(response)).GetProperty("error");

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal("method_not_allowed", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnknownRoute_404WithAnOpenAiError()
    {
        using var response = await Http.Client.GetAsync(servers.Url + "/v2/everything");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("unknown_route", (await Http.JsonAsync(response)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Completions_MissingPrompt_400()
    {
        using var response = await Http.PostAsync(servers.Url + "/v1/completions", "{\"max_tokens\":3}");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("prompt", (await Http.JsonAsync(response)).GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Chat_BodyOverLimit_413ThenStillServes()
    {
        using var response = await Http.PostAsync(servers.Url + "/v1/chat/completions", Http.Chat(content: new string('x', 5000)));
        var error = (await Http.JsonAsync(response)).GetProperty("error");

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Contains("4096", error.GetProperty("message").GetString());
        using var next = await Http.PostAsync(servers.Url + "/v1/chat/completions", Http.Chat());
        Assert.Equal(200, (int)next.StatusCode);
    }
}
