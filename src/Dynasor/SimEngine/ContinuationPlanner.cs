using Dynasor.Engines;

namespace Dynasor.SimEngine;

/// <summary>
/// Decides what a request streams, from (engine seed, question, sampling seed or variant, prefix text) only:
/// <list type="bullet">
/// <item>a prefix that is a prefix of the variant's chain (the variant is read from the opening, else taken from
/// the sampling seed) continues the chain exactly, so chunked continuation equals one-shot generation;</item>
/// <item>a prefix that departs from the chain and ends in an unclosed <c>\boxed{</c> is a probe: it gets the chain's
/// current answer at the point of departure, <c>}</c> and a short tail (a hedge, sometimes, before the settle point);</item>
/// <item>any other prefix resumes the chain at the first token after the point of departure.</item>
/// </list>
/// A conversation whose system turn asks to reason step by step gets a step-by-step solution instead
/// (<see cref="SolutionModel"/>). Thread safe.
/// </summary>
internal sealed class ContinuationPlanner(SimEngineOptions options)
{
    private const string Stop = "stop";
    private const string Length = "length";
    private readonly ChainCache _chains = new(options);
    private readonly SolutionModel _solutions = new(options);
    private long _unseeded;

    /// <summary>The latent question of a prompt.</summary>
    public SimQuestion Question(string text) => SimQuestion.Of(text, options.Seed, options.Questions);

    /// <summary>The solution mode's model: plans, steps and the state of a path.</summary>
    public SolutionModel Solutions => _solutions;

    /// <summary>The chain a request with this question and prefix continues (for tests and statistics).</summary>
    public ReasoningChain Chain(string question, int variant) => _chains.Get(Question(question), variant);

    /// <summary>Plans the output of <paramref name="request"/>.</summary>
    public ContinuationPlan Plan(ContinuationRequest request)
    {
        if (SolutionModel.IsRequested(request.Messages))
        {
            return StopSequences.Apply(Solution(request), request.Sampling?.Stop);
        }

        var question = Question(request.Question);
        var prefix = request.TextPrefix;

        // Without a seed every request is a fresh sample; the counter keeps runs with the same order reproducible.
        var fallback = request.Sampling?.Seed is long seed
            ? ChainOpening.CodeOf((ulong)seed)
            : ChainOpening.CodeOf(StableHash.Mix((ulong)(uint)options.Seed, (ulong)Interlocked.Increment(ref _unseeded)));
        if (!ChainOpening.TryRead(prefix, fallback, out var variant))
        {
            variant = fallback;
        }

        var chain = _chains.Get(question, variant);
        var common = prefix.AsSpan().CommonPrefixLength(chain.Text);
        ContinuationPlan plan;
        if (common == prefix.Length)
        {
            plan = Continue(chain, common, request.MaxTokens);
        }
        else if (EndsInOpenBox(prefix))
        {
            plan = Probe(question, chain, common, prefix, request.MaxTokens);
        }
        else
        {
            var index = chain.TokensWithin(common);
            index = chain.OffsetOf(index) < common ? index + 1 : index;
            var opening = chain.TokensWithin(ChainOpening.Text(variant).Length);
            plan = Continue(chain, chain.OffsetOf(Math.Max(index, opening)), request.MaxTokens);
        }

        return StopSequences.Apply(plan, request.Sampling?.Stop);
    }

    private ContinuationPlan Solution(ContinuationRequest request)
    {
        // Without a seed every request is a fresh sample, as in chain mode.
        var seed = request.Sampling?.Seed is long given
            ? (ulong)given
            : StableHash.Mix((ulong)(uint)options.Seed, (ulong)Interlocked.Increment(ref _unseeded));
        var tokens = new List<string>(256);
        SimTokenizer.Append(_solutions.Continue(request.Question, request.TextPrefix, seed), tokens);
        var count = Math.Min(tokens.Count, request.MaxTokens);
        return new ContinuationPlan(tokens.GetRange(0, count).ToArray(), count == tokens.Count ? Stop : Length);
    }

    private static ContinuationPlan Continue(ReasoningChain chain, int at, int maxTokens)
    {
        var index = chain.TokensWithin(at);
        if (chain.OffsetOf(index) == at)
        {
            var left = chain.Tokens.Length - index;
            return left <= maxTokens
                ? new ContinuationPlan(new ArraySegment<string>(chain.Tokens, index, left), Stop)
                : new ContinuationPlan(new ArraySegment<string>(chain.Tokens, index, maxTokens), Length);
        }

        // The prefix ends inside a token: its rest comes first, as one token.
        var available = chain.Tokens.Length - index;
        var count = Math.Min(available, maxTokens);
        var tokens = new string[count];
        tokens[0] = chain.Tokens[index][(at - chain.OffsetOf(index))..];
        Array.Copy(chain.Tokens, index + 1, tokens, 1, count - 1);
        return new ContinuationPlan(tokens, count == available ? Stop : Length);
    }

    private ContinuationPlan Probe(SimQuestion question, ReasoningChain chain, int common, string prefix, int maxTokens)
    {
        var at = chain.TokensWithin(common);
        var settled = at >= chain.SettleEnd;
        var rng = StableHash.Random(StableHash.Mix(chain.Hash, StableHash.Of(prefix)));
        var answer = chain.AnswerAfter(at);
        answer ??= rng.NextDouble() < options.ProbeGuessRate ? question.Model.DrawAnswer(rng).Answer : "";
        var hedge = rng.NextDouble() < (settled ? options.ProbeHedgeAfterSettle : options.ProbeHedgeBeforeSettle);
        var tokens = new List<string>(16);
        SimTokenizer.Append(answer + "} \\]" + (hedge ? ChainPhrases.ProbeHedge : ""), tokens);
        var count = Math.Min(tokens.Count, maxTokens);
        return new ContinuationPlan(tokens.GetRange(0, count).ToArray(), count == tokens.Count ? Stop : Length);
    }

    // True when the last \boxed{ in the text is still open: the caller asks for the answer inside it.
    private static bool EndsInOpenBox(string text)
    {
        var start = text.LastIndexOf("\\boxed{", StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var depth = 0;
        for (var i = start + 6; i < text.Length; i++)
        {
            depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
            if (depth == 0)
            {
                return false;
            }
        }

        return true;
    }
}
