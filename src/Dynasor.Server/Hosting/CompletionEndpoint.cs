using System.Runtime.CompilerServices;
using System.Text.Json;
using Dynasor.Cot;
using Dynasor.Engines;
using Dynasor.Programs;
using Dynasor.Server.Metrics;
using Dynasor.Server.Modes;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Recording;
using Dynasor.Server.Relay;
using Dynasor.Server.Scheduling;
using Dynasor.Server.Upstream;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Hosting;

/// <summary>
/// <c>POST /v1/chat/completions</c> and <c>POST /v1/completions</c>: parse, dispatch each choice through its mode,
/// answer whole or as a stream. Upstream failures before the first byte become the matching status (502, 504,
/// the upstream's 4xx); after it, an error event ends the stream. The client's disconnect cancels every choice.
/// With <paramref name="scheduling"/>, each choice is a program placed on a replica, and its streams wait at that
/// replica's scheduler.
/// </summary>
internal sealed class CompletionEndpoint(ServerOptions options, ServedEngine engine, ReplicaSet? scheduling, ServedModels models, ServerMetrics metrics,
    TimeProvider time, ILogger logger, ShutdownDrain drain, AccessLog access, KeyRateLimiter? limits, TrafficRecorder? recorder = null)
{
    private static readonly byte[] ShutdownEvent = System.Text.Encoding.UTF8.GetBytes("data: " + System.Text.Encoding.UTF8.GetString(ErrorBody.ToUtf8(Shutdown())) + "\n\n");

    // Relayed as it came only where every replica is an HTTP engine; an in-process engine answers through its mode.
    private readonly PassThroughRelay? _relay = scheduling is not null && scheduling.Replicas.All(r => r.Engine.Upstream is not null)
        ? new PassThroughRelay(scheduling, time) : null;

    public async Task HandleAsync(HttpContext context, bool chat)
    {
        var record = new RequestRecord(metrics, time) { Route = chat ? "chat" : "completions" };
        using var span = RequestSpan.Start(context, GenAiConventions.Operation(chat));
        // The first byte of a stream goes out with its first chunk: the time to first token the client saw.
        context.Response.OnStarting(static state =>
        {
            ((RequestRecord)state).MarkFirstByte();
            return Task.CompletedTask;
        }, record);
        var status = 200;
        // The client's disconnect or the end of a shutdown's drain: either cancels every upstream request this one caused.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, drain.Expired);
        var aborted = stop.Token;
        metrics.Start();
        try
        {
            var body = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, aborted);
            var defaults = options.EffectiveDefaults;
            var request = chat
                ? RequestParser.ParseChat(body, options.EffectiveLimits, defaults)
                : RequestParser.ParseCompletion(body, options.EffectiveLimits, defaults);
            if (options.Role == ServerRole.Engine)
                request = request with { Dynasor = defaults with { Mode = "off" } };
            else
                request = request with { Dynasor = request.Dynasor with { Policy = request.Dynasor.Policy is { } policy ? options.ResolvePolicy(policy) : null } };
            var mode = record.Mode = request.Dynasor.Mode;
            record.Streamed = request.Stream;
            if (options.Role == ServerRole.Dynasor)
                CheckBudget(request);
            var upstreamModel = await models.ResolveAsync(request.Model, aborted);
            (record.RequestModel, record.ResponseModel) = (request.Model, upstreamModel ?? request.Model ?? engine.DefaultModel);
            if (mode == "off" && _relay is not null)
            {
                status = await _relay.RunAsync(context, chat ? "chat/completions" : "completions", body, request, upstreamModel, record, aborted);
                return;
            }
            var runner = ModeCatalog.Resolve(mode, engine.Rewards, engine.Rewards?.Name ?? "");
            var recording = recorder?.Begin(request, upstreamModel);
            if (recording is not null)
                runner = recording.Wrap(runner);
            // The reply names reasoning as the engine's own clients read it: its dialect must be known first.
            if (engine.Upstream is { } upstream)
            {
                try
                {
                    await upstream.DialectAsync(aborted);
                }
                catch (UpstreamException)
                {
                    // Unreachable for now: the request meets the failure where it runs (or another replica serves it).
                }
            }
            var reply = new ResponseContext(ResponseContext.NewId(chat), time.GetUtcNow().ToUnixTimeSeconds(),
                request.Model ?? upstreamModel ?? engine.DefaultModel, chat, engine.ReasoningField(), options.Role == ServerRole.Dynasor);
            var streams = Enumerable.Range(0, request.N)
                .Select(i => (Func<CancellationToken, IAsyncEnumerable<ModeEvent>>)(ct => scheduling is null
                    ? runner.RunAsync(engine.Engine, request.ToContinuation(i, upstreamModel ?? request.Model), request.Dynasor, ct)
                    : RunScheduledAsync(runner, scheduling, request.ToContinuation(i, upstreamModel ?? request.Model), request.Dynasor, record, ct)))
                .ToList();
            var estimate = () => engine.CountTokens(string.Concat(request.Messages.Select(m => m.Content)) + request.AssistantPrefix);
            status = request.Stream
                ? await new StreamResponder(context.Response, reply, record, logger).RunAsync(streams, request, estimate, aborted)
                : await CompleteAsync(context, reply, streams, estimate, record, aborted);
            recording?.Complete();
        }
        catch (OpenAiException e)
        {
            status = e.StatusCode;
            if (status == 413)
                metrics.Rejected("max_request_body_bytes");
            await WriteErrorAsync(context, e);
        }
        catch (UpstreamException e)
        {
            status = e.StatusCode;
            logger.LogWarning("Upstream failure {Status}: {Message}", e.StatusCode, e.Message);
            await WriteErrorAsync(context, e);
        }
        catch (OperationCanceledException) when (drain.Expired.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            // The drain ran out with this request still open: tell the client why its answer stops here.
            status = 503;
            metrics.DrainEnded();
            await WriteShutdownAsync(context);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: nginx's 499, for the metrics only.
            status = 499;
        }
        catch (Exception e)
        {
            // A bug, not the client's fault: still an OpenAI-style answer, never a hung or silently reset client.
            status = 500;
            logger.LogError(e, "Request failed");
            await WriteErrorAsync(context, new OpenAiException(500, "The server failed to complete the request; see its log.", "server_error", null, "internal_error"));
        }
        finally
        {
            var duration = record.Elapsed;
            var outcome = record.Outcome(status, duration);
            metrics.Finish(outcome);
            RequestSpan.End(span, outcome, record.UpstreamTokens, record.Replica);
            var key = context.Items.TryGetValue(ApiKeyMiddleware.KeyItem, out var k) ? (int?)k : null;
            access.Write(context.Request.Method, record, status, duration, key);
            if (key is { } used)
                limits?.Charge(used, record.UpstreamTokens);
        }
    }

    // Over the server's per-request budget: a 400 naming the limit, counted under the setting that raises it.
    private void CheckBudget(OpenAiRequest request)
    {
        try
        {
            RequestBudget.Check(request, options.EffectiveLimits);
        }
        catch (OpenAiException e)
        {
            metrics.Rejected(e.Param == "max_tokens" ? "max_request_tokens" : "max_request_sequences");
            throw;
        }
    }

    /// <summary>The error a request still open at the end of a shutdown's drain gets.</summary>
    public static OpenAiException Shutdown() =>
        new(503, "The server is shutting down and this request did not finish within its drain timeout; send it again (to another replica).",
            "server_error", null, "server_shutting_down");

    // A stream that has begun ends with an error event (no [DONE]); one that has not gets a 503.
    private static async Task WriteShutdownAsync(HttpContext context)
    {
        try
        {
            if (context.Response.HasStarted)
            {
                await context.Response.Body.WriteAsync(ShutdownEvent);
                await context.Response.Body.FlushAsync();
            }
            else
                await WriteErrorAsync(context, Shutdown());
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The client went away meanwhile: nothing left to tell.
        }
    }

    private async IAsyncEnumerable<ModeEvent> RunScheduledAsync(
        IChatMode runner, ReplicaSet replicas, ContinuationRequest request, DynasorSettings settings, RequestRecord record, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var deadline = settings.DeadlineMs is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        using var program = replicas.Open(new ProgramProgress(StandInCap(request, settings)), deadline, time);
        await foreach (var e in runner.RunAsync(program, request, settings, cancellationToken).WithCancellation(cancellationToken))
        {
            record.Replica ??= program.Replica?.Engine.Name;
            yield return e;
        }
        program.Complete();
    }

    /// <summary>
    /// The request budget a program is predicted to use before it reports progress of its own: sc and the reward modes
    /// report theirs (this is replaced); cot: its chunk budget, max_tokens / probe_interval (a chunk and its probe per
    /// step); off: one.
    /// </summary>
    private static int StandInCap(ContinuationRequest request, DynasorSettings settings) => settings.Mode switch
    {
        "sc" => settings.MaxSamples,
        "rebase" or "mcts" or "bon" or "wsc" => RewardMode.Cap(settings.Mode, settings),
        "cot" => Math.Max(1, (int)Math.Ceiling(request.MaxTokens / (double)(settings.ProbeInterval ?? CotOptions.FromEffort(settings.Effort).ProbeInterval))),
        _ => 1,
    };

    private static async Task<int> CompleteAsync(HttpContext context, ResponseContext reply, IReadOnlyList<Func<CancellationToken, IAsyncEnumerable<ModeEvent>>> streams, Func<int> estimate,
        RequestRecord record, CancellationToken cancellationToken)
    {
        var outcomes = streams.Select(_ => new ChoiceOutcome()).ToList();
        try
        {
            await foreach (var (index, e) in ChoiceMerger.MergeAsync(streams, cancellationToken))
                outcomes[index].Add(e, keepText: true);
        }
        finally
        {
            // Also when the request was cut short: its tokens were spent.
            record.AddTokens(outcomes);
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        ResponseJson.Completion(json, reply, outcomes, ChoiceOutcome.PromptTokens(outcomes, estimate));
        await json.FlushAsync(cancellationToken);
        return 200;
    }

    private static async Task WriteErrorAsync(HttpContext context, OpenAiException e)
    {
        if (context.Response.HasStarted)
            return;
        context.Response.StatusCode = e.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(ErrorBody.ToUtf8(e));
    }

    private static async Task WriteErrorAsync(HttpContext context, UpstreamException e)
    {
        if (context.Response.HasStarted)
            return;
        context.Response.StatusCode = e.StatusCode;
        context.Response.ContentType = e.PassThroughBody is null ? "application/json" : e.ContentType ?? "application/json";
        await context.Response.Body.WriteAsync(e.PassThroughBody ?? ErrorBody.ToUtf8(new OpenAiException(e.StatusCode, e.Message, e.ErrorType, null, "upstream_" + e.StatusCode)));
    }
}
