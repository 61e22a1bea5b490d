using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dynasor.Engines;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Upstream;

/// <summary>
/// An OpenAI-compatible upstream (vLLM, SGLang, Ollama, llama.cpp) as a streaming engine. Each piece stands for one
/// token; when the upstream's usage reports more completion tokens than pieces (it batched tokens into one delta),
/// the last piece carries the difference, so counts stay per token. Failures surface as <see cref="UpstreamException"/>:
/// 502 unreachable (after <see cref="UpstreamOptions.ConnectRetries"/>, before anything was read), 504 timeout,
/// the upstream's 4xx as is, 502 for a stream that breaks. Thread-safe; one instance serves all requests.
/// </summary>
public sealed class UpstreamEngine(UpstreamOptions options, HttpClient http, TimeProvider time, ILogger? logger = null) : IStreamingEngine
{
    private Task<string>? _model;

    /// <summary>The upstream's settings (the key is redacted in their text form).</summary>
    public UpstreamOptions Options { get; } = options;

    /// <summary>The reasoning field name the upstream used last (<c>reasoning_content</c> until it sends one).</summary>
    public string ReasoningField { get; private set; } = "reasoning_content";

    /// <summary>The model ids the upstream lists at <c>GET /models</c>.</summary>
    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Options.Route("models")), cancellationToken);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);
        return document.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
    }

    /// <summary>
    /// The health probe: <c>GET {base}/models</c> (vLLM, SGLang, Ollama and llama.cpp all serve it) with no retries;
    /// null when it answers 2xx, else why not. Cancelling the token bounds the wait.
    /// </summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, Options.Route("models"));
            if (Options.ApiKey is { } key)
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"health probe GET {Options.Route("models")} answered {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return $"health probe GET {Options.Route("models")} failed ({e.Message})";
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var model = request.Model ?? await ModelAsync(cancellationToken);
        var body = UpstreamBody.Build(Options.Protocol, model, request);
        var route = Options.Route(Options.Protocol == UpstreamProtocol.Chat ? "chat/completions" : "completions");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, route)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        }, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var lines = new UpstreamLines(stream, Options, time, cancellationToken);
        var counted = 0;
        int? usage = null;
        string? finish = null;
        while (true)
        {
            var line = Next(lines, out var chunk);
            if (line == LineKind.NeedMore)
            {
                if (!await lines.FillAsync())
                    throw new UpstreamException(502, $"The upstream {Options.BaseUrl} ended the stream before it finished.");
                continue;
            }
            if (line == LineKind.Done)
                break;
            if (line == LineKind.Other)
                continue;
            if (chunk.Error is not null)
                throw new UpstreamException(502, $"The upstream {Options.BaseUrl} failed mid-stream: {chunk.Error}");
            usage = chunk.CompletionTokens ?? usage;
            finish = chunk.FinishReason ?? finish;
            if (chunk.ReasoningField is not null)
                ReasoningField = chunk.ReasoningField;
            if (!string.IsNullOrEmpty(chunk.Text) || !string.IsNullOrEmpty(chunk.Reasoning))
            {
                counted++;
                yield return new StreamedToken(chunk.Text ?? "", 1, null, string.IsNullOrEmpty(chunk.Reasoning) ? null : chunk.Reasoning);
            }
        }
        yield return new StreamedToken("", Math.Max(0, (usage ?? counted) - counted), finish ?? "stop");
    }

    /// <summary>
    /// Sends a client's body (already rewritten for the upstream) to <paramref name="route"/> under the API root and
    /// returns the response once its headers are in: 2xx only. Failures are <see cref="UpstreamException"/>s as for
    /// <see cref="StreamAsync"/> (the upstream's 4xx with its own body). Read the body with <see cref="Lines"/>.
    /// </summary>
    public Task<HttpResponseMessage> PostAsync(string route, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Options.Route(route))
        {
            Content = new ReadOnlyMemoryContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        }, cancellationToken);

    /// <summary>The lines of a response body from <see cref="PostAsync"/>, with this upstream's idle timeout.</summary>
    internal UpstreamLines Lines(Stream body, CancellationToken cancellationToken) => new(body, Options, time, cancellationToken);

    // Parses the next buffered line in place: the line's bytes never become a string.
    private LineKind Next(UpstreamLines lines, out UpstreamChunk chunk)
    {
        chunk = default;
        if (!lines.TryReadLine(out var line))
            return LineKind.NeedMore;
        if (!line.StartsWith("data:"u8))
            return LineKind.Other;
        var data = line[5..].Trim(" \t\r\n\v\f"u8);
        if (data.SequenceEqual("[DONE]"u8))
            return LineKind.Done;
        try
        {
            chunk = UpstreamChunk.Parse(data);
        }
        catch (JsonException e)
        {
            throw new UpstreamException(502, $"The upstream {Options.BaseUrl} sent a malformed stream chunk ({e.Message}).");
        }
        return LineKind.Chunk;
    }

    private Task<string> ModelAsync(CancellationToken cancellationToken)
    {
        if (Options.Model is { } model)
            return Task.FromResult(model);
        // One lookup shared by concurrent first requests (not tied to any one client's cancellation; the upstream
        // timeout bounds it); a failed lookup is dropped so the next request asks again.
        var lookup = _model;
        if (lookup is null || lookup.IsFaulted || lookup.IsCanceled)
            _model = lookup = FirstModelAsync(CancellationToken.None);
        return lookup.WaitAsync(cancellationToken);
    }

    private async Task<string> FirstModelAsync(CancellationToken cancellationToken) =>
        (await ListModelsAsync(cancellationToken)).FirstOrDefault()
        ?? throw new UpstreamException(502, $"The upstream {Options.BaseUrl} lists no models; pass --model NAME.");

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = new CancellationTokenSource(Options.EffectiveTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var message = create();
            if (Options.ApiKey is { } key)
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new UpstreamException(504, $"The upstream {Options.BaseUrl} did not answer within {Options.EffectiveTimeout.TotalSeconds:0.###} s.");
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt < Options.ConnectRetries && e.HttpRequestError == HttpRequestError.ConnectionError)
                {
                    logger?.LogWarning("Upstream {Upstream} unreachable ({Error}); retrying", Options.BaseUrl, e.HttpRequestError);
                    continue;
                }
                throw new UpstreamException(502, $"The upstream {Options.BaseUrl} is unreachable ({e.Message}); check --upstream and that the engine is running.");
            }
            if (response.IsSuccessStatusCode)
                return response;
            using (response)
                throw await FailureAsync(response, cancellationToken);
        }
    }

    private async Task<UpstreamException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var status = (int)response.StatusCode;
        if (status is >= 400 and < 500)
            return new UpstreamException(status, $"The upstream {Options.BaseUrl} answered {status}.", body, response.Content.Headers.ContentType?.ToString());
        var excerpt = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
        return new UpstreamException(status == (int)HttpStatusCode.GatewayTimeout ? 504 : 502, $"The upstream {Options.BaseUrl} answered {status}: {excerpt}");
    }
}
