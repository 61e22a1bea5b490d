using Dynasor.Server.Modes;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Upstream;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dynasor.Server.Hosting;

/// <summary>
/// Streams the choices of one request as OpenAI chunks: one id, the role in each choice's first delta, the finish
/// reason on its last, the usage chunk only when asked, then <c>data: [DONE]</c>. The <c>dynasor</c> object rides
/// on the last chunk. A failure after the headers went out becomes an error event that ends the stream.
/// </summary>
internal sealed class StreamResponder(HttpResponse response, ResponseContext reply, RequestRecord record, ILogger logger)
{
    public async Task<int> RunAsync(IReadOnlyList<Func<CancellationToken, IAsyncEnumerable<ModeEvent>>> streams, OpenAiRequest request, Func<int> estimate, CancellationToken cancellationToken)
    {
        var outcomes = streams.Select(_ => new ChoiceOutcome()).ToArray();
        var started = new bool[outcomes.Length];
        var finished = 0;
        var sse = new SseWriter(response);
        await using var events = ChoiceMerger.MergeAsync(streams, cancellationToken).GetAsyncEnumerator(cancellationToken);
        // Headers wait for the first event, so a failure before any output still gets its own status (502, 504, 4xx).
        if (!await events.MoveNextAsync())
            throw new InvalidOperationException("A mode ended without its final event.");
        await sse.StartAsync(cancellationToken);
        try
        {
            bool more;
            do
            {
                var (index, e) = events.Current;
                outcomes[index].Add(e, keepText: false);
                if (started[index] && e.Summary is null)
                {
                    // The per-token path: a middle chunk from the response's template, no closure, no JSON object.
                    sse.WriteToken(reply, index, e);
                }
                else
                {
                    var last = e.Summary is not null && ++finished == outcomes.Length;
                    var dynasor = last && !request.IncludeUsage && reply.IncludeDynasor ? Summaries(outcomes) : null;
                    sse.Write(json => ResponseJson.Chunk(json, reply, index, e, !started[index], dynasor));
                    started[index] = true;
                }
                more = await NextAsync(events, sse, cancellationToken);
            }
            while (more);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var (status, type, message) = e switch
            {
                UpstreamException u => (u.StatusCode, u.ErrorType, u.Message),
                OpenAiException o => (o.StatusCode, o.Type, o.Message),
                // Anything else is a bug; the log has it, the client gets a clean end of stream.
                _ => (500, "server_error", "The server failed mid-stream; see its log."),
            };
            if (status == 500)
                logger.LogError(e, "Stream failed");
            await sse.WriteAsync(json => ErrorBody.Write(json, message, type, null, "stream_failed"), cancellationToken);
            return status;
        }
        finally
        {
            // Also when the stream was cut short: its tokens were spent.
            record.AddTokens(outcomes);
        }
        if (request.IncludeUsage)
        {
            var dynasor = reply.IncludeDynasor ? Summaries(outcomes) : null;
            await sse.WriteAsync(json => ResponseJson.UsageChunk(json, reply, ChoiceOutcome.PromptTokens(outcomes, estimate), outcomes.Sum(o => o.ClientTokens), dynasor), cancellationToken);
        }
        await sse.DoneAsync(cancellationToken);
        return 200;
    }

    // Latency first: what is written goes out unless the next event is already there (then both go in one send).
    private static async ValueTask<bool> NextAsync(IAsyncEnumerator<(int, ModeEvent)> events, SseWriter sse, CancellationToken cancellationToken)
    {
        var next = events.MoveNextAsync();
        if (next.IsCompleted)
            return next.Result;
        try
        {
            await sse.FlushAsync(cancellationToken);
        }
        catch
        {
            // The enumerator must not be disposed while it runs: let the pending step end (the abort cancels it) first.
            try
            {
                await next;
            }
            catch (Exception)
            {
                // The flush's failure is the one to report.
            }
            throw;
        }
        return await next;
    }

    private static List<ModeSummary> Summaries(ChoiceOutcome[] outcomes) => outcomes.Select(o => o.Summary!).ToList();
}
