using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// Baseline-length: draw <c>detect</c> samples; stop programs whose cumulative output length by then exceeds
/// <c>maxTokens</c> (long outputs signal a hard question), run the rest to the cap. Uses length, not certaindex.
/// </summary>
internal sealed class LengthPolicy(int detect, int maxTokens) : IAllocationPolicy
{
    public int Next(ProgramProgress progress)
    {
        if (progress.Samples < detect)
            return detect - progress.Samples;
        return progress.Samples == detect && progress.Tokens <= maxTokens ? progress.Remaining : 0;
    }
}
