using Dynasor.Certainty;
using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// Adaptive-Consistency (Aggarwal et al. 2023), Beta stopping criterion: after each sample, stop when the posterior
/// probability that the leading answer beats the runner-up, P(Beta(a+1, b+1) &gt; 1/2), reaches <c>confidence</c>.
/// </summary>
internal sealed class AdaptiveConsistencyPolicy(double confidence) : IAllocationPolicy
{
    public int Next(ProgramProgress progress)
    {
        var votes = progress.Votes;
        if (votes.Votes > 0 && BetaMajority.Probability(votes.LeaderCount, votes.RunnerUpCount) >= confidence)
            return 0;
        return 1;
    }
}
