using Dynasor.Programs;
using Dynasor.Server.Hosting;
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
internal sealed class PassThroughRelay(ReplicaSet replicas, TimeProvider time)
{
    private static readonly IReadOnlyDictionary<string, int> NoVotes = new Dictionary<string, int>();

    /// <summary>Relays <paramref name="body"/> to <paramref name="route"/> (e.g. <c>chat/completions</c>); returns the status sent.</summary>
    public async Task<int> RunAsync(HttpContext context, string route, ReadOnlyMemory<byte> body, OpenAiRequest request, string? upstreamModel,
        RequestRecord record, CancellationToken cancellationToken)
    {
        var deadline = request.Dynasor.DeadlineMs is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        using var program = replicas.Open(new ProgramProgress(1), deadline, time);
        while (true)
        {
            var lease = await program.AdmitAsync(request.N, cancellationToken);
            var upstream = lease.Replica.Engine.Upstream!;
            record.Replica = lease.Replica.Engine.Name;
            List<HttpResponseMessage> responses;
            try
            {
                // An engine that ignores n (Ollama) gets one request per choice, each with its own seed.
                var dialect = await upstream.DialectAsync(cancellationToken);
                var fanOut = request.N > 1 && !dialect.AcceptsN;
                var calls = Enumerable.Range(0, fanOut ? request.N : 1).Select(i => new RelayEdits(upstreamModel, IncludeUsage: request.Stream, Priority: lease.Priority,
                    RemoveN: fanOut, Seed: fanOut && request.Sampling.Seed is { } seed ? seed + i : null));
                var sends = calls.Select(edits => upstream.PostAsync(route, RelayBody.Rewrite(body, edits), cancellationToken)).ToList();
                try
                {
                    responses = [.. await Task.WhenAll(sends)];
                }
                catch
                {
                    // One choice failed: the others' answers are not read, and must not hold their connections.
                    foreach (var sent in sends.Where(t => t.IsCompletedSuccessfully))
                        sent.Result.Dispose();
                    throw;
                }
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
                var totals = request.Stream
                    ? await StreamAsync(context, upstream, responses, request.IncludeUsage, cancellationToken)
                    : await WholeAsync(context, responses, cancellationToken);
                tokens = totals.CompletionTokens;
                record.PromptTokens = totals.PromptTokens;
            }
            finally
            {
                foreach (var response in responses)
                    response.Dispose();
                program.Release(lease, tokens);
                record.AddTokens(tokens, tokens);
            }
            program.Complete();
            return 200;
        }
    }

    private static async Task<RelayTotals> StreamAsync(HttpContext context, UpstreamEngine upstream, List<HttpResponseMessage> responses, bool includeUsage, CancellationToken cancellationToken)
    {
        var client = context.Response;
        client.StatusCode = 200;
        client.ContentType = responses[0].Content.Headers.ContentType?.ToString() ?? "text/event-stream; charset=utf-8";
        client.Headers.CacheControl = "no-cache";
        client.Headers["X-Accel-Buffering"] = "no";
        var streams = new List<Stream>();
        var lines = new List<UpstreamLines>();
        foreach (var response in responses)
        {
            streams.Add(await response.Content.ReadAsStreamAsync(cancellationToken));
            lines.Add(upstream.Lines(streams[^1], cancellationToken));
        }
        var relay = new StreamRelay(client.BodyWriter, includeUsage, Summary);
        await using var merged = lines.Count > 1 ? new FanOutLines(lines, cancellationToken) : null;
        try
        {
            return await relay.RunAsync(merged is null ? lines[0] : merged, cancellationToken);
        }
        catch (UpstreamException e) when (relay.Started)
        {
            // The client already has part of the answer: an error event ends its stream (no [DONE]).
            var sse = new SseWriter(client);
            await sse.WriteAsync(json => ErrorBody.Write(json, e.Message, e.ErrorType, null, "stream_failed"), cancellationToken);
            return default;
        }
        finally
        {
            foreach (var l in lines)
                l.Dispose();
            foreach (var stream in streams)
                await stream.DisposeAsync();
        }
    }

    private static async Task<RelayTotals> WholeAsync(HttpContext context, List<HttpResponseMessage> responses, CancellationToken cancellationToken)
    {
        byte[][] bodies;
        try
        {
            bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsByteArrayAsync(cancellationToken)));
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            // Nothing reached the client yet: the engine's broken answer is a 502, as a broken stream is.
            throw new UpstreamException(502, $"The upstream broke its answer mid-way ({e.Message}).");
        }
        var body = bodies.Length > 1 ? FanOutBodies.Merge(bodies) : bodies[0];
        var response = responses[0];
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
