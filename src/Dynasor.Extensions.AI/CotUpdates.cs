using System.Runtime.CompilerServices;
using Dynasor.Cot;
using Dynasor.Engines;
using Microsoft.Extensions.AI;

namespace Dynasor.Extensions.AI;

/// <summary>
/// <c>mode: cot</c> as chat updates, as the server's CotMode streams it: the chain as it is generated (never probe text),
/// then on an early exit the agreed answer, with the finish, usage and report on the last update.
/// </summary>
internal static class CotUpdates
{
    public static async IAsyncEnumerable<ChatResponseUpdate> RunAsync(
        IStreamingEngine engine, ContinuationRequest request, CotOptions options, ResponseUpdates updates, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in DynasorCot.RunAsync(engine, request, options, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (e.Summary is not { } s)
            {
                yield return updates.Text(e.Text, e.Reasoning);
                continue;
            }
            // The caller also received the probe tokens that spelled the appended answer: CompletionTokens counts them.
            yield return updates.Final(e.Text, s.FinishReason, s.PromptTokens, s.CompletionTokens, ResponseUpdates.Report(s));
        }
    }
}
