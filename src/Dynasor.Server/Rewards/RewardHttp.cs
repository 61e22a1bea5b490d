using System.Net.Http.Headers;
using System.Text.Json;
using Dynasor.Rewards;

namespace Dynasor.Server.Rewards;

/// <summary>
/// The HTTP side shared by the reward clients: the server root (the base URL without a trailing <c>/v1</c>, where vLLM
/// serves <c>/pooling</c> and <c>/classify</c>), the model name (given, else the first of <c>GET /v1/models</c>, looked up
/// once), and one JSON POST whose every failure is a <see cref="RewardModelException"/> naming the URL and the fix.
/// Cancelling the caller's token ends the request and surfaces as <see cref="OperationCanceledException"/>. Thread safe.
/// </summary>
internal sealed class RewardHttp(Uri baseUrl, string? model, string? apiKey, HttpClient http, TimeSpan timeout)
{
    private Task<string>? _model;

    /// <summary>The server root, e.g. <c>http://prm-host:8000</c>.</summary>
    public string Root { get; } = RootOf(baseUrl);

    /// <summary>The URL of <paramref name="route"/> under the server root.</summary>
    public Uri Route(string route) => new(Root + "/" + route);

    /// <summary>The model to ask for: the configured one, else the first the server lists (a failed lookup is asked again).</summary>
    public Task<string> ModelAsync(CancellationToken cancellationToken)
    {
        if (model is not null)
            return Task.FromResult(model);
        var lookup = _model;
        if (lookup is null || lookup.IsFaulted || lookup.IsCanceled)
            _model = lookup = FirstModelAsync();
        return lookup.WaitAsync(cancellationToken);
    }

    /// <summary>POSTs <paramref name="body"/> to <paramref name="route"/> and parses a 200 answer.</summary>
    public async Task<JsonDocument> PostAsync(string route, byte[] body, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, Route(route))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        return await SendAsync(message, cancellationToken);
    }

    /// <summary>A failure of the answer's shape: names the URL, what came, and the fix.</summary>
    public RewardModelException Shape(string route, string what, string fix) =>
        new($"The reward model at {Route(route)} answered with {what}; {fix}");

    private async Task<string> FirstModelAsync()
    {
        // One lookup shared by concurrent first calls, bounded by the timeout rather than any one caller's token.
        using var message = new HttpRequestMessage(HttpMethod.Get, Route("v1/models"));
        using var document = await SendAsync(message, CancellationToken.None);
        if (document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
            && data.GetArrayLength() > 0 && data[0].TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 } name)
            return name;
        throw new RewardModelException($"The reward model server {Route("v1/models")} lists no models; pass --reward-model NAME.");
    }

    private async Task<JsonDocument> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        var url = message.RequestUri;
        if (apiKey is not null)
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            if (!response.IsSuccessStatusCode)
                throw new RewardModelException($"The reward model at {url} answered {(int)response.StatusCode} ({ErrorOf(text)}); {Fix((int)response.StatusCode)}");
            try
            {
                return JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                throw new RewardModelException($"The reward model at {url} answered with something that is not JSON ({e.Message}); check that --reward-upstream points at a vLLM server.");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RewardModelException($"The reward model at {url} did not answer within {timeout.TotalSeconds:0.###} s; check that it is up and not overloaded.");
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RewardModelException($"The reward model at {url} is unreachable ({e.HttpRequestError}: {e.Message}); check --reward-upstream and that the reward model server is running.", e);
        }
    }

    private static string Fix(int status) => status switch
    {
        404 => "check --reward-upstream (the server root, e.g. http://prm-host:8000), --reward-model, and that the server is vLLM serving a pooling model (vllm serve Qwen/Qwen2.5-Math-PRM-7B).",
        400 => "check that --reward-kind matches the model (prm: a process reward model such as Qwen2.5-Math-PRM-7B at /pooling; outcome: a classification reward model at /classify).",
        401 or 403 => "the reward model server wants an API key: give Dynasor the key it was started with (vllm serve --api-key).",
        _ => "check the reward model server's log.",
    };

    // The error message when the body has one (vLLM's {"error": {"message": ...}}), else the start of the body.
    private static string ErrorOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
                return error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : error.ToString();
            // Older vLLM answers {"object": "error", "message": ...}; FastAPI's own 404 is {"detail": "Not Found"}.
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message))
                return message.ToString();
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("detail", out var detail))
                return detail.ToString();
        }
        catch (JsonException)
        {
        }

        return body.Length > 200 ? body[..200] + "..." : body;
    }

    private static string RootOf(Uri baseUrl)
    {
        var root = baseUrl.AbsoluteUri.TrimEnd('/');
        return root.EndsWith("/v1", StringComparison.Ordinal) ? root[..^3] : root;
    }
}
