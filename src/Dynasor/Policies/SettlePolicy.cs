using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// Dynasor's sequential policy: draw one sample at a time and stop as soon as the vote is settled, when the leader
/// is <c>lead</c> votes ahead of the runner-up (a sequential probability-ratio test between the two strongest
/// answers, which needs fewer samples than a posterior threshold on easy questions). Hopeless programs are cut:
/// after <c>after</c> samples, a leader holding less than <c>share</c> of the votes means the answers scatter and
/// more samples will not make the vote right. <c>share</c> = 0 disables the cut.
/// </summary>
internal sealed class SettlePolicy(int lead, int after, double share) : IAllocationPolicy
{
    public int Next(ProgramProgress progress)
    {
        var votes = progress.Votes;
        if (votes.Votes > 0 && votes.LeaderCount - votes.RunnerUpCount >= lead)
            return 0;
        if (share > 0 && progress.Samples >= after && votes.LeaderCount < share * votes.Votes)
            return 0;
        return 1;
    }
}
