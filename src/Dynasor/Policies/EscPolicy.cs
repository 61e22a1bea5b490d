using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// Early-stopping self-consistency (ESC, Li et al. 2024): sample in windows of <c>window</c>; stop at the first
/// window whose answers are all equal (and non-empty).
/// </summary>
internal sealed class EscPolicy(int window) : IAllocationPolicy
{
    public int Next(ProgramProgress progress)
    {
        // A window agrees exactly when its last `window` samples all voted for one answer.
        if (progress.Samples > 0 && progress.Samples % window == 0 && progress.Votes.Streak >= window)
            return 0;
        return window - progress.Samples % window;
    }
}
