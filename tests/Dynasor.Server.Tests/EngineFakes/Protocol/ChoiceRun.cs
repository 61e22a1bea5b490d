using System.Runtime.CompilerServices;
using Dynasor.Server.Tests.EngineFakes.Model;

namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>
/// One choice's generation: the model's tokens with the request's stop strings applied, and how it ended. Each
/// step is a generated token and the text it releases (empty while a stop string or a split character may still
/// be forming; the last step may release held text with no new token).
/// </summary>
internal sealed class ChoiceRun(int index, GenerationPlan plan)
{
    public int Index => index;

    public List<GeneratedToken> Tokens { get; } = [];

    public string Text { get; private set; } = "";

    /// <summary><c>stop</c> (EOS or a stop string) or <c>length</c> (max tokens or the context is full).</summary>
    public string FinishReason { get; private set; } = "length";

    public string? StopString { get; private set; }

    public async IAsyncEnumerable<(GeneratedToken? Token, string Text)> RunAsync(FakeEngineOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stops = new StopMatcher(plan.Stop);
        var sampling = plan.Sampling;
        foreach (var token in FakeModel.Shared.Generate(plan.PromptIds, sampling, index, cancellationToken))
        {
            if (options.BeforeToken is not null)
                await options.BeforeToken(cancellationToken);
            Tokens.Add(token);
            var text = stops.Feed(token.Piece);
            Text += text;
            yield return (token, text);
            if (stops.Matched is not null)
                break;
        }
        var rest = stops.Flush();
        if (rest.Length > 0)
        {
            Text += rest;
            yield return (null, rest);
        }
        StopString = stops.Matched;
        var full = Tokens.Count >= sampling.MaxTokens || plan.PromptIds.Length + Tokens.Count >= options.ContextSize;
        FinishReason = StopString is not null || !full ? "stop" : "length";
    }
}
