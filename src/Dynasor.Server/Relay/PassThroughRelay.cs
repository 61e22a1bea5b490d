using Dynasor.Programs;
using Dynasor.Server.Metrics;
using Dynasor.Server.Modes;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Scheduling;
using Dynasor.Server.Upstream;
using Microsoft.AspNetCore.Http;

namespace Dynasor.Server.Relay;

/// <summary>
/// <c>mode: off</c> in front of HTTP engines: the client's body goes upstream as it came (<see cref="RelayBody"/>
/// changes only what Dynasor must) and the engine's answer comes back as it came (<see cref="StreamRelay"/>), plus the
/// <c>dynasor</c> object. The request is one program: it waits at its replica's scheduler with one slot per choice,
/// and moves to another replica when its own fails before answering.
/// </summary>
internal sealed class PassThroughRelay(ReplicaSet replicas, ServerMetrics metrics, TimeProvider time)
{
    private static readonly IReadOnlyDictionary<string, int> NoVotes = new Dictionary<string, int>();

    /// <summary>Relays <paramref name="body"/> to <paramref name="route"/> (e.g. <c>chat/completions</c>); returns the status sent.</summary>
    public async Task<int> RunAsync(HttpContext context, string route, ReadOnlyMemory<byte> body, OpenAiRequest request, string? upstreamModel, CancellationToken cancellationToken)
    {
        var deadline = request.Dynasor.DeadlineMs is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        using var program = replicas.Open(new ProgramProgress(1), deadline, time);
        while (true)
        {
            var lease = await program.AdmitAsync(request.N, cancellationToken);
            var upstream = lease.Replica.Engine.Upstream!;
            var edits = new RelayEdits(upstreamModel, IncludeUsage: request.Stream, Priority: lease.Priority);
            HttpResponseMessage response;
            try
            {
                response = await upstream.PostAsync(route, RelayBody.Rewrite(body, edits), cancellationToken);
            }
            catch (UpstreamException e) when (ScheduledProgram.IsFailover(e))
            {
                program.Release(lease, 0);
                if (program.Failover(lease, e))
                    continue;
                throw;
            }
            catch
            {
                program.Release(lease, 0);
                throw;
            }
            long tokens = 0;
            try
            {
                using (response)
                {
                    var totals = request.Stream
                        ? await StreamAsync(context, upstream, response, request.IncludeUsage, cancellationToken)
                        : await WholeAsync(context, response, cancellationToken);
                    tokens = totals.CompletionTokens;
                }
            }
            finally
            {
                program.Release(lease, tokens);
                metrics.AddTokens(tokens, tokens, exitedEarly: false);
            }
            program.Complete();
            return 200;
        }
    }

    private static async Task<RelayTotals> StreamAsync(HttpContext context, UpstreamEngine upstream, HttpResponseMessage response, bool includeUsage, CancellationToken cancellationToken)
    {
        var client = context.Response;
        client.StatusCode = 200;
        client.ContentType = response.Content.Headers.ContentType?.ToString() ?? "text/event-stream; charset=utf-8";
        client.Headers.CacheControl = "no-cache";
        client.Headers["X-Accel-Buffering"] = "no";
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var lines = upstream.Lines(stream, cancellationToken);
        var relay = new StreamRelay(client.BodyWriter, includeUsage, Summary);
        try
        {
            return await relay.RunAsync(lines, cancellationToken);
        }
        catch (UpstreamException e) when (relay.Started)
        {
            // The client already has part of the answer: an error event ends its stream (no [DONE]).
            var sse = new SseWriter(client);
            await sse.WriteAsync(json => ErrorBody.Write(json, e.Message, e.ErrorType, null, "stream_failed"), cancellationToken);
            return default;
        }
    }

    private static async Task<RelayTotals> WholeAsync(HttpContext context, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var totals = ChunkInfo.TryRead(body, out var info) ? new RelayTotals(info.CompletionTokens ?? info.Pieces, info.PromptTokens) : default;
        var client = context.Response;
        client.StatusCode = 200;
        client.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        DynasorSplice.Write(client.BodyWriter, body, Summary(totals));
        await client.BodyWriter.FlushAsync(cancellationToken);
        return totals;
    }

    private static ModeSummary Summary(RelayTotals totals) => new("off", false, 0, null, NoVotes, totals.CompletionTokens);
}
