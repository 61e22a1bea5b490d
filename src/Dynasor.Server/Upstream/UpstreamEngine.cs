using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dynasor.Diagnostics;
using Dynasor.Engines;
using Dynasor.Server.Dialects;
using Dynasor.Server.OpenAi;
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
    private Task<EngineDialect>? _dialect;
    private string? _seenReasoningField;
    private volatile bool _tokenRoutesFailed;
    private EngineTokenizer? _tokenizer;

    private EngineTokenizer Tokenizer => _tokenizer ??= new EngineTokenizer(PostJsonAsync, Options);

    /// <summary>The upstream's settings (the key is redacted in their text form).</summary>
    public UpstreamOptions Options { get; } = options;

    /// <summary>The reasoning field name the upstream used last, else its dialect's (<c>reasoning_content</c> until either is known).</summary>
    public string ReasoningField => _seenReasoningField ?? KnownDialect?.ReasoningField ?? "reasoning_content";

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

    /// <summary>
    /// The upstream's dialect: the configured one, else detected on first use (<see cref="DialectDetector"/>) and kept;
    /// a detection that reached nothing is tried again on the next call.
    /// </summary>
    public Task<EngineDialect> DialectAsync(CancellationToken cancellationToken)
    {
        if (Options.Dialect is { } name)
            return Task.FromResult(WithParser(DialectCatalog.Named(name)));
        var lookup = _dialect;
        if (lookup is null || lookup.IsFaulted || lookup.IsCanceled)
            _dialect = lookup = DetectAsync();
        return lookup.WaitAsync(cancellationToken);
    }

    /// <summary>The dialect once known, else null.</summary>
    public EngineDialect? KnownDialect => Options.Dialect is { } name ? WithParser(DialectCatalog.Named(name))
        : _dialect is { IsCompletedSuccessfully: true } d ? d.Result : null;

    /// <inheritdoc />
    /// <remarks>
    /// How the turn is continued depends on the dialect: on token ids where the engine takes them (a prompt of the
    /// engine's own prompt ids plus the ids it generated, so a chunk boundary changes no token), else by sending the
    /// partial turn back as the final assistant message in the engine's prefill form.
    /// </remarks>
    public async IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Current until the first token: the lookups and the request below are its children (a yield drops it as current).
        var span = UpstreamSpan.Start(Options, UpstreamSpan.Operation(Options.Protocol == UpstreamProtocol.Chat ? "chat/completions" : "completions"));
        long generated = 0;
        StreamedToken? last = null;
        try
        {
            HttpResponseMessage response;
            UpstreamCall call;
            EngineDialect dialect;
            string model;
            try
            {
                dialect = await DialectAsync(cancellationToken);
                model = request.Model ?? await ModelAsync(cancellationToken);
                call = await PlanAsync(dialect, model, request, cancellationToken);
                UpstreamSpan.Plan(span, call.Url, model);
                response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, call.Url)
                {
                    Content = new ByteArrayContent(call.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                }, cancellationToken);
            }
            catch (Exception e) when (DynasorActivity.Fail(span, e))
            {
                throw;
            }
            using var owned = response;
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var lines = new UpstreamLines(stream, Options, time, cancellationToken);
            var reader = new TokenReader(call.Splitter, request.InReasoning ?? false);
            while (true)
            {
                var line = Next(lines, out var chunk);
                if (line == LineKind.NeedMore)
                {
                    if (await lines.FillAsync())
                        continue;
                    // llama.cpp's native stream ends without [DONE], after its chunk with "stop": true.
                    if (reader.Finished)
                        break;
                    throw new UpstreamException(502, $"The upstream {Options.BaseUrl} ended the stream before it finished.");
                }
                if (line == LineKind.Done)
                    break;
                if (line == LineKind.Other)
                    continue;
                if (chunk!.Error is not null)
                    throw new UpstreamException(502, $"The upstream {Options.BaseUrl} failed mid-stream: {chunk.Error}");
                if (chunk.ReasoningField is { } field)
                    _seenReasoningField = field;
                if (reader.Read(chunk) is { } token)
                {
                    generated += token.Tokens;
                    yield return token;
                }
            }
            if (reader.Flush() is { } rest)
            {
                generated += rest.Tokens;
                yield return rest;
            }
            var inReasoning = reader.InReasoning;
            // A parser that swallowed the closing tag at a chunk's very end leaves no text to show it: its id does.
            if (inReasoning && call.Splitter is null && reader.Ids.Count > 0 && dialect.Tokens is not null)
                inReasoning = !await EndsReasoningAsync(dialect, model, reader.Ids, cancellationToken);
            last = reader.Last(call.PromptIds, inReasoning);
            generated += last.Value.Tokens;
            yield return last.Value;
        }
        finally
        {
            UpstreamSpan.End(span, generated, last?.FinishReason, last?.Report?.PromptTokens);
        }
    }

    // Where and how this request goes: on token ids when they are known or can be rendered, else as chat or text.
    private async Task<UpstreamCall> PlanAsync(EngineDialect dialect, string model, ContinuationRequest request, CancellationToken cancellationToken)
    {
        if (Options.Protocol == UpstreamProtocol.Completions)
        {
            var chatMl = request with { Prompt = PromptTemplate.Render(request.Messages, "") };
            return new UpstreamCall(Options.Route("completions"), ChatBody.Build(dialect, model, chatMl, returnTokenIds: false), null, null);
        }
        if (dialect.Tokens is { } route && !_tokenRoutesFailed)
        {
            try
            {
                if (request.PromptTokenIds is { } promptIds && request.PrefixTokenIds is { } prefixIds)
                {
                    IReadOnlyList<int> prompt = [.. promptIds, .. prefixIds, .. request.Suffix.Length > 0 ? await Tokenizer.TextAsync(dialect, model, request.Suffix, cancellationToken) : []];
                    var splitter = request.InReasoning == true ? new ThinkSplitter(inReasoning: true, atTurnStart: false) : null;
                    return new UpstreamCall(IdsUrl(route), IdsBody.Build(route.Generate, model, prompt, request), splitter, null);
                }
                var rendersFirst = route.Render != PromptRender.ChatReturnsIds || request.Prompt is not null;
                if (request.Continued && request.PromptTokenIds is null && rendersFirst)
                {
                    var (ids, opensThink, lead) = await Tokenizer.RenderAsync(dialect, model, request, cancellationToken);
                    var fresh = request.TextPrefix.Length == 0;
                    var splitter = dialect.ReasoningParser == true ? new ThinkSplitter(opensThink && request.AssistantPrefix.Length == 0, atTurnStart: fresh, fresh ? lead : "") : null;
                    return new UpstreamCall(IdsUrl(route), IdsBody.Build(route.Generate, model, ids, request), splitter, ids);
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException
                || (e is UpstreamException u && u.StatusCode is >= 400 and < 500))
            {
                // The engine refused its own tokenize or render route (disabled, or a gateway in front): continue by
                // prefill from now on, and say so once.
                _tokenRoutesFailed = true;
                logger?.LogWarning("Upstream {Upstream} refused its token routes ({Error}); Dynasor-CoT continues by prefill", Options.BaseUrl, e.Message);
            }
        }
        var returnIds = request.Continued && dialect.Tokens?.Render == PromptRender.ChatReturnsIds && request.Prompt is null;
        var url = Options.Route(request.Prompt is null ? "chat/completions" : "completions");
        return new UpstreamCall(url, ChatBody.Build(dialect, model, request, returnIds), null, null);
    }

    // Whether the generated ids contain the closing tag's ids (a tag the engine's parser consumed without a trace in the text).
    private async Task<bool> EndsReasoningAsync(EngineDialect dialect, string model, List<int> ids, CancellationToken cancellationToken)
    {
        int[] tag;
        try
        {
            tag = await Tokenizer.TextAsync(dialect, model, "</think>", cancellationToken);
        }
        catch (Exception e) when (e is UpstreamException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
        return tag.Length > 0 && CollectionsMarshal.AsSpan(ids).IndexOf(tag) >= 0;
    }

    /// <summary>Posts a JSON body to one of the engine's own routes and returns its JSON answer (2xx only).</summary>
    internal async Task<JsonDocument> PostJsonAsync(Uri url, byte[] body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        }, cancellationToken);
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);
    }

    private async Task<EngineDialect> DetectAsync()
    {
        var detected = await DialectDetector.DetectAsync(http, Options.BaseUrl, Options.ApiKey, CancellationToken.None)
            ?? throw new UpstreamException(502, $"The upstream {Options.BaseUrl} is unreachable; check --upstream and that the engine is running.");
        logger?.LogInformation("Upstream {Upstream} speaks the {Dialect} dialect", Options.BaseUrl, detected.Name);
        return WithParser(detected);
    }

    private EngineDialect WithParser(EngineDialect dialect) =>
        Options.ReasoningParser is { } parser ? dialect with { ReasoningParser = parser } : dialect;

    private Uri IdsUrl(TokenRoute route) =>
        route.Generate == IdGeneration.NativeCompletion ? Options.RootRoute("completion") : Options.Route("completions");

    /// <summary>
    /// Sends a client's body (already rewritten for the upstream) to <paramref name="route"/> under the API root and
    /// returns the response once its headers are in: 2xx only. Failures are <see cref="UpstreamException"/>s as for
    /// <see cref="StreamAsync"/> (the upstream's 4xx with its own body). Read the body with <see cref="Lines"/>.
    /// </summary>
    public async Task<HttpResponseMessage> PostAsync(string route, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        // The relayed call's span ends with the headers: the request's own span covers the stream the client reads.
        using var span = UpstreamSpan.Start(Options, UpstreamSpan.Operation(route));
        try
        {
            return await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Options.Route(route))
            {
                Content = new ReadOnlyMemoryContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            }, cancellationToken);
        }
        catch (Exception e) when (DynasorActivity.Fail(span, e))
        {
            throw;
        }
    }

    /// <summary>The lines of a response body from <see cref="PostAsync"/>, with this upstream's idle timeout.</summary>
    internal UpstreamLines Lines(Stream body, CancellationToken cancellationToken) => new(body, Options, time, cancellationToken);

    // Parses the next buffered line in place: the line's bytes never become a string.
    private LineKind Next(UpstreamLines lines, out UpstreamChunk? chunk)
    {
        chunk = null;
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
                // A pooled connection the engine has just closed (llama.cpp's server closes one after 100 requests,
                // "Keep-Alive: max=100") fails before any answer: sending again is safe, because nothing has reached
                // the client. Several pooled connections can reach their limit together: twice; a third failure is the engine's.
                if (attempt < 2 && e.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.Unknown && e.InnerException is IOException)
                {
                    logger?.LogDebug("Upstream {Upstream} closed a pooled connection ({Error}); sending again", Options.BaseUrl, e.HttpRequestError);
                    continue;
                }
                if (attempt < Options.ConnectRetries && e.HttpRequestError == HttpRequestError.ConnectionError)
                {
                    logger?.LogWarning("Upstream {Upstream} unreachable ({Error}); retrying", Options.BaseUrl, e.HttpRequestError);
                    continue;
                }
                throw new UpstreamException(502, $"The upstream {Options.BaseUrl} is unreachable ({e.HttpRequestError}: {e.Message}); check --upstream and that the engine is running.");
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
