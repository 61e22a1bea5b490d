using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dynasor.Server.Tests.EngineFakes.Model;

namespace Dynasor.Server.Tests.EngineFakes;

/// <summary>Test-side helpers for talking to the engine fakes.</summary>
internal static class FakeHttp
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(60) };

    public static void SkipWithoutModel() => Skip.If(FakeModel.SkipReason is not null, FakeModel.SkipReason);

    public static async Task<(int Status, string Body)> PostAsync(string url, JsonNode body)
    {
        using var response = await Client.PostAsync(url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<(int Status, string Body)> GetAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts and parses a 200 JSON answer.</summary>
    public static async Task<JsonElement> JsonAsync(string url, JsonNode body)
    {
        var (status, text) = await PostAsync(url, body);
        Assert.True(status == 200, $"{url} answered {status}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The JSON payloads of an SSE answer (without <c>[DONE]</c>, which must end it).</summary>
    public static async Task<List<JsonElement>> EventsAsync(string url, JsonNode body)
    {
        var (status, text) = await PostAsync(url, body);
        Assert.True(status == 200, $"{url} answered {status}: {text}");
        var events = Fakes.Http.Events(text);
        Assert.Equal("[DONE]", events[^1]);
        return events[..^1].Select(e => JsonDocument.Parse(e).RootElement.Clone()).ToList();
    }

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static JsonArray Array(IEnumerable<int> ids) => new(ids.Select(id => (JsonNode)id).ToArray());
}
