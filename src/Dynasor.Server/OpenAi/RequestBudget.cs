using Dynasor.Cot;

namespace Dynasor.Server.OpenAi;

/// <summary>
/// The most work one request can cause, computed before it runs, and refused with a 400 naming the limit and the
/// setting that raises it when it is over. Because the bound is the worst case, a running request never exceeds it:
/// a pass-through runs its n choices once; Dynasor-CoT runs a chain (and one probe beside it) per choice, its probes
/// together at most one per probe interval; self-consistency, best-of-N and reward-weighted SC run at most
/// <c>max_samples</c> samples per choice; Rebase runs at most <c>width</c> step requests at once and <c>width</c>
/// solutions of at most <c>max_depth</c> steps; MCTS one request at a time, <c>iterations</c> of at most <c>max_depth</c> steps.
/// </summary>
public static class RequestBudget
{
    /// <summary>The request's worst case: sequences in the engine and tokens generated.</summary>
    public static (long Sequences, long Tokens) WorstCase(OpenAiRequest request)
    {
        var settings = request.Dynasor;
        long n = request.N, max = request.MaxTokens;
        switch (settings.Mode)
        {
            case "sc" or "bon" or "wsc":
                return (n * settings.MaxSamples, n * settings.MaxSamples * max);
            case "rebase":
                // A depth's requests run at once, at most the width; every solution is at most max_depth steps.
                return (n * settings.Width, n * settings.Width * settings.Search.MaxDepth * StepTokens(settings, max));
            case "mcts":
                // One request at a time; an iteration generates at most max_depth steps.
                return (n, n * settings.Iterations * settings.Search.MaxDepth * StepTokens(settings, max));
            case "cot":
                var preset = CotOptions.FromEffort(settings.Effort);
                var interval = settings.ProbeInterval ?? preset.ProbeInterval;
                var probe = settings.ProbeMaxTokens ?? preset.ProbeMaxTokens;
                var probes = (max + interval - 1) / interval;
                return (2 * n, n * (max + probes * probe));
            default:
                return (n, n * max);
        }
    }

    /// <summary>Throws a 400 <see cref="OpenAiException"/> when <paramref name="request"/>'s worst case is over <paramref name="limits"/>.</summary>
    public static void Check(OpenAiRequest request, RequestLimits limits)
    {
        var (sequences, tokens) = WorstCase(request);
        var settings = request.Dynasor;
        var (shape, knob) = settings.Mode switch
        {
            "sc" or "bon" or "wsc" => ($"n {request.N} x dynasor.max_samples {settings.MaxSamples}", "dynasor.max_samples"),
            "rebase" => ($"n {request.N} x dynasor.width {settings.Width}, each solution at most dynasor.max_depth {settings.Search.MaxDepth} steps", "dynasor.width"),
            "mcts" => ($"n {request.N} x dynasor.iterations {settings.Iterations}, each at most dynasor.max_depth {settings.Search.MaxDepth} steps", "dynasor.iterations"),
            "cot" => ($"n {request.N} chains, each with a probe beside it", "n"),
            _ => ($"n {request.N}", "n"),
        };
        var each = settings.Mode is "rebase" or "mcts" ? $"up to {StepTokens(settings, request.MaxTokens)} tokens a step" : $"up to {request.MaxTokens} tokens each";
        if (sequences > limits.MaxRequestSequences)
            throw new OpenAiException(400, $"This request could run {sequences} sequences at once ({shape}); the server allows {limits.MaxRequestSequences} per request. "
                + $"Lower n{(knob == "n" ? "" : " or " + knob)}, or raise max_request_sequences in the server config.", "invalid_request_error", knob, "request_too_large");
        if (tokens > limits.MaxRequestTokens)
            throw new OpenAiException(400, $"This request could make the engine generate {tokens} tokens ({shape}, {each}"
                + (settings.Mode == "cot" ? ", probes included" : "") + $"); the server allows {limits.MaxRequestTokens} per request. "
                + $"Lower max_tokens, n{(knob == "n" ? "" : ", " + knob)}{(settings.Mode is "rebase" or "mcts" ? ", dynasor.max_depth or dynasor.step_tokens" : "")}, or raise max_request_tokens in the server config.",
                "invalid_request_error", "max_tokens", "request_too_large");
    }

    // A tree search's step is at most step_tokens, and max_tokens bounds every request the program makes (RewardMode).
    private static long StepTokens(DynasorSettings settings, long maxTokens) => Math.Min(settings.Search.StepTokens, maxTokens);
}
