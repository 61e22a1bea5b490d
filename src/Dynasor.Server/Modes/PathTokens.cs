using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Dynasor.Engines;
using Dynasor.Rewards;

namespace Dynasor.Server.Modes;

/// <summary>
/// Passes a program's requests through to its engine and keeps, for each finished one, the assistant prefix it continued,
/// the text it got back and the tokens the engine counted, so the client's <c>usage.completion_tokens</c> can be the
/// engine's own count of the text it receives: the chosen path's steps (or the chosen sample). Safe for the concurrent
/// requests of one program.
/// </summary>
internal sealed class PathTokens(IStreamingEngine engine) : IStreamingEngine
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<(string Text, int Tokens)>> _byPrefix = new(StringComparer.Ordinal);

    public async IAsyncEnumerable<StreamedToken> StreamAsync(ContinuationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var content = new StringBuilder();
        var reasoning = new StringBuilder();
        var tokens = 0;
        await foreach (var token in engine.StreamAsync(request, cancellationToken).WithCancellation(cancellationToken))
        {
            tokens += token.Tokens;
            content.Append(token.Text);
            reasoning.Append(token.Reasoning);
            yield return token;
        }
        // The programs read a request's text this way: the content, else (an engine that filed it all as reasoning) the reasoning.
        var text = content.Length > 0 ? content.ToString() : reasoning.ToString();
        _byPrefix.GetOrAdd(request.AssistantPrefix, _ => []).Add((text, tokens));
    }

    /// <summary>The engine's tokens for a sample whose whole text is <paramref name="text"/> (best-of-N's choice); 0 when none was.</summary>
    public int OfSample(string text) =>
        _byPrefix.TryGetValue("", out var fresh) ? fresh.Where(r => r.Text == text).Select(r => r.Tokens).FirstOrDefault() : 0;

    /// <summary>
    /// The engine's tokens for the steps of a path whose text is <paramref name="text"/> (a tree search's choice): step i was
    /// asked for with the steps before it, plus a separator, as the assistant prefix, and is the trimmed text of its answer
    /// up to the first separator. Separators were stop sequences the engine did not send; they add nothing.
    /// </summary>
    public int OfPath(string text)
    {
        var total = 0;
        var prefix = "";
        var rest = text;
        while (rest.Length > 0 && _byPrefix.TryGetValue(prefix, out var replies))
        {
            var step = replies.Select(r => (Step: Step(r.Text), r.Tokens))
                .Where(r => r.Step.Length > 0 && rest.StartsWith(r.Step, StringComparison.Ordinal)
                    && (rest.Length == r.Step.Length || rest.AsSpan(r.Step.Length).StartsWith(SolutionSteps.Separator, StringComparison.Ordinal)))
                .OrderByDescending(r => r.Step.Length)
                .FirstOrDefault();
            if (step.Step is null)
                break;
            total += step.Tokens;
            prefix += step.Step + SolutionSteps.Separator;
            rest = rest.Length == step.Step.Length ? "" : rest[(step.Step.Length + SolutionSteps.Separator.Length)..];
        }
        return total;
    }

    // As StepGenerator cuts a reply: up to the first separator (for an engine that ignores the stop), trimmed.
    private static string Step(string reply)
    {
        var cut = reply.IndexOf(SolutionSteps.Separator, StringComparison.Ordinal);
        return (cut >= 0 ? reply[..cut] : reply).Trim();
    }
}
