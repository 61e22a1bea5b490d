using Dynasor.Cot;

namespace Dynasor.Server.OpenAi;

/// <summary>
/// The most work one request can cause, computed before it runs, and refused with a 400 naming the limit and the
/// setting that raises it when it is over. Because the bound is the worst case, a running request never exceeds it:
/// a pass-through runs its n choices once; Dynasor-CoT runs a chain (and one probe beside it) per choice, its probes
/// together at most one per probe interval; self-consistency runs at most <c>max_samples</c> samples per choice.
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
            case "sc":
                return (n * settings.MaxSamples, n * settings.MaxSamples * max);
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
        var shape = request.Dynasor.Mode switch
        {
            "sc" => $"n {request.N} x dynasor.max_samples {request.Dynasor.MaxSamples}",
            "cot" => $"n {request.N} chains, each with a probe beside it",
            _ => $"n {request.N}",
        };
        if (sequences > limits.MaxRequestSequences)
            throw new OpenAiException(400, $"This request could run {sequences} sequences at once ({shape}); the server allows {limits.MaxRequestSequences} per request. "
                + "Lower n or dynasor.max_samples, or raise max_request_sequences in the server config.", "invalid_request_error", request.Dynasor.Mode == "sc" ? "dynasor.max_samples" : "n", "request_too_large");
        if (tokens > limits.MaxRequestTokens)
            throw new OpenAiException(400, $"This request could make the engine generate {tokens} tokens ({shape}, up to {request.MaxTokens} tokens each"
                + (request.Dynasor.Mode == "cot" ? ", probes included" : "") + $"); the server allows {limits.MaxRequestTokens} per request. "
                + "Lower max_tokens, n or dynasor.max_samples, or raise max_request_tokens in the server config.", "invalid_request_error", "max_tokens", "request_too_large");
    }
}
