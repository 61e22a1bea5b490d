using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// Early termination of hopeless programs: after <c>after</c> samples, a program whose certaindex is still below
/// <c>below</c> is stopped (more compute will not settle it); every other program runs to the cap.
/// </summary>
internal sealed class TerminatePolicy(int after, double below) : IAllocationPolicy
{
    public int Next(ProgramProgress progress)
    {
        if (progress.Samples < after)
            return after - progress.Samples;
        return progress.Samples == after && progress.Certaindex >= below ? progress.Remaining : 0;
    }
}
