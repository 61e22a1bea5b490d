using Dynasor.Certainty;
using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// Dynasor's sequential policy: one sample at a time, stopping as soon as the vote is settled. Settled means any of:
/// the first <c>unanimous</c> votes all agree (an easy question, where Adaptive-Consistency would still ask for a
/// fourth); the leader is <c>lead</c> votes ahead (0: off); or the Beta posterior that the leader beats the runner-up
/// reaches <c>confidence</c> (so close races still run long, where an early stop would be a coin flip).
/// Hopeless programs are cut: after <c>after</c> samples, a leader holding less than <c>share</c> of the votes means
/// the answers scatter and more samples will not make the vote right (<c>share</c> = 0: never cut).
/// </summary>
internal sealed class SettlePolicy(int unanimous, int lead, double confidence, int after, double share) : IAllocationPolicy
{
    public int Next(ProgramProgress progress)
    {
        var votes = progress.Votes;
        if (votes.Votes == 0)
            return 1;
        var a = votes.LeaderCount;
        var b = votes.RunnerUpCount;
        if (b == 0 && a >= unanimous)
            return 0;
        if (lead > 0 && a - b >= lead)
            return 0;
        if (BetaMajority.Probability(a, b) >= confidence)
            return 0;
        if (share > 0 && progress.Samples >= after && a < share * votes.Votes)
            return 0;
        return 1;
    }
}
