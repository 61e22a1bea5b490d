namespace Dynasor.Server.Tests.EngineFakes.Model;

/// <summary>
/// How <see cref="FakeModel.Generate"/> picks tokens. Temperature 0 is greedy (argmax, ties to the lower id);
/// above 0 the logits are divided by it, cut by <see cref="TopK"/> (0 = off), <see cref="TopP"/> (1 = off) and
/// <see cref="MinP"/> (0 = off), and sampled with a <see cref="Random"/> seeded from <see cref="Seed"/>
/// (an unseeded request uses seed 0, so it is deterministic here where a real engine is not).
/// </summary>
public sealed record SamplingSettings(int MaxTokens)
{
    public double Temperature { get; init; }

    public long? Seed { get; init; }

    public int TopK { get; init; }

    public double TopP { get; init; } = 1;

    public double MinP { get; init; }

    /// <summary>How many alternatives each token reports with its log-probability (0 = none).</summary>
    public int TopLogprobs { get; init; }

    /// <summary>Keeps generating past the end-of-sequence token (llama.cpp and vLLM <c>ignore_eos</c>).</summary>
    public bool IgnoreEos { get; init; }
}
