using System.Text;
using System.Text.Json;

namespace Dynasor.Server.Tests.Fakes;

/// <summary>Raw HTTP helpers: JSON posts and reading a server-sent event stream.</summary>
internal static class Http
{
    public static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(60) };

    // Disposing an unfinished response closes its connection at once instead of draining it (by default for up to 2 s): a disconnect.
    private static readonly HttpClient Disconnecting = new(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { Timeout = TimeSpan.FromSeconds(60) };

    public static Task<HttpResponseMessage> PostAsync(string url, string json, string? key = null, HttpCompletionOption option = HttpCompletionOption.ResponseContentRead, CancellationToken cancellationToken = default)
    {
        var client = option == HttpCompletionOption.ResponseHeadersRead ? Disconnecting : Client;
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
            request.Headers.Authorization = new("Bearer", key);
        return client.SendAsync(request, option, cancellationToken);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>The <c>data:</c> payloads of a whole SSE body, in order; asserts the blank-line framing.</summary>
    public static async Task<List<string>> EventsAsync(HttpResponseMessage response) => Events(await response.Content.ReadAsStringAsync());

    /// <summary>The <c>data:</c> payloads of an SSE body.</summary>
    public static List<string> Events(string body)
    {
        Assert.True(body.EndsWith("\n\n", StringComparison.Ordinal), $"SSE body does not end with a blank line: [{body}]");
        return body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => { Assert.StartsWith("data: ", e); return e["data: ".Length..]; })
            .ToList();
    }

    public static string Chat(string extra = "", string content = "What is 6*7?") =>
        $"{{\"model\":\"m\",\"messages\":[{{\"role\":\"user\",\"content\":\"{content}\"}}]{extra}}}";
}
