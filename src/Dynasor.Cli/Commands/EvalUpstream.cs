using Dynasor.Cli.Output;
using Dynasor.Programs;
using Dynasor.Rewards;
using Dynasor.Server.Upstream;
using Dynasor.Traces;

namespace Dynasor.Cli.Commands;

/// <summary><c>dynasor eval --upstream URL</c>: the plan's rows on graded questions through an OpenAI-compatible upstream (and its reward model).</summary>
internal static class EvalUpstream
{
    public static IReadOnlyList<EvalSummary> Run(EvalPlan plan, string url, string? keyEnv, string? model, Func<HttpClient, IRewardModel>? reward,
        IReadOnlyList<EvalQuestion> graded, List<TraceQuestion>? trace)
    {
        var key = keyEnv is { } env ? ServerRunner.Environment(env, "--upstream-key-env") : null;
        var options = new UpstreamOptions(ParseUrl(url), key, model).Validate();
        // Streams can run for minutes; the upstream engine enforces its own per-line timeout.
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var engine = new UpstreamEngine(options, http, TimeProvider.System);
        Reachable(engine, url);
        var rewards = reward?.Invoke(http);
        try
        {
            if (rewards is not null)
                Scores(rewards);
            var lines = ProgressReporter.Run("evaluating", progress => EvalRunner.RunAsync(engine, rewards, graded, plan, plan.Seed, progress, trace).GetAwaiter().GetResult());
            return EvalSummary.Of([lines]);
        }
        catch (RewardModelException e)
        {
            // The client's messages name the URL and the fix; a reward server that fails is the user's to fix, like an upstream.
            throw new ArgumentException(e.Message, e);
        }
    }

    private static Uri ParseUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"--upstream '{url}' is not an absolute URL; use one such as http://vllm-host:8000/v1");

    // Asks the upstream what it is before the run: a dead URL fails in one line before any question is sent.
    private static void Reachable(UpstreamEngine engine, string url)
    {
        try
        {
            engine.DialectAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (UpstreamException e) when (e.StatusCode == 502)
        {
            throw new ArgumentException($"--upstream {url} is unreachable: nothing answered there; start the engine (to try one: dynasor sim-engine --port PORT) or fix the URL", e);
        }
        catch (UpstreamException e)
        {
            throw new ArgumentException($"--upstream {url}: {e.Message}", e);
        }
    }

    // One small score before the run, so a reward server that is down or of the wrong kind fails in one line first.
    private static void Scores(IRewardModel rewards) =>
        rewards.ScoreAsync(new RewardRequest("What is 1 + 1?", ["1 + 1 = 2.", "The final answer is \\boxed{2}."], SolutionSteps.SystemPrompt)).AsTask().GetAwaiter().GetResult();
}
