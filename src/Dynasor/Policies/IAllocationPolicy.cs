using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// An intra-program allocation policy: given a program's progress, how many more samples to grant now.
/// Policies hold no per-program state (everything is in <see cref="ProgramProgress"/>), so one instance may
/// serve many programs on many threads.
/// </summary>
public interface IAllocationPolicy
{
    /// <summary>Samples to draw next (the program clamps to its cap); 0 stops the program.</summary>
    int Next(ProgramProgress progress);
}
