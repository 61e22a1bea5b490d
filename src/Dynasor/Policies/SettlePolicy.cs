using Dynasor.Certainty;
using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// Dynasor's sequential policy: stop as soon as the vote is settled. Settled means any of: the first
/// <c>unanimous</c> votes all agree (an easy question, where Adaptive-Consistency would still ask for a fourth); the
/// leader is <c>lead</c> votes ahead (0: off); or the Beta posterior that the leader beats the runner-up reaches
/// <c>confidence</c> (so close races still run long, where an early stop would be a coin flip). Hopeless programs are
/// cut: after <c>after</c> samples, a leader holding less than <c>share</c> of the votes means the answers scatter and
/// more samples will not make the vote right (<c>share</c> = 0: never cut).
/// </summary>
/// <remarks>
/// Each grant is the fewest samples after which <em>some</em> outcome could settle the vote, not always one: a
/// program that cannot stop before its second vote draws its first two together. No outcome of a shorter run could
/// have stopped it, so the samples drawn (and the answer, since votes are added in request order) are exactly the
/// one-at-a-time policy's, and only the latency shrinks: the waves a program waits for are fewer.
/// </remarks>
internal sealed class SettlePolicy(int unanimous, int lead, double confidence, int after, double share) : IAllocationPolicy
{
    public int Next(ProgramProgress progress)
    {
        var votes = progress.Votes;
        int a = votes.LeaderCount, b = votes.RunnerUpCount, cast = votes.Votes, samples = progress.Samples;
        if (Settled(a, b, cast, samples))
            return 0;
        for (var more = 1; more < progress.Remaining; more++)
        {
            // The stop rules are monotone, so two outcomes bound every other: all new votes for the leader (the
            // unanimous, lead and confidence rules fire soonest) and all for fresh answers (the hopeless cut does).
            if (Settled(a + more, b, cast + more, samples + more))
                return more;
            var scatteredRunnerUp = cast > 0 ? Math.Max(b, 1) : more > 1 ? 1 : 0;
            if (Settled(Math.Max(a, 1), scatteredRunnerUp, cast + more, samples + more))
                return more;
        }
        return Math.Max(1, progress.Remaining);
    }

    private bool Settled(int leader, int runnerUp, int cast, int samples)
    {
        if (cast == 0)
            return false;
        if (runnerUp == 0 && leader >= unanimous)
            return true;
        if (lead > 0 && leader - runnerUp >= lead)
            return true;
        if (BetaMajority.Probability(leader, runnerUp) >= confidence)
            return true;
        return share > 0 && samples >= after && leader < share * cast;
    }
}
