using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>Baseline-even (SC@n): every program draws the same number of samples, all at once.</summary>
internal sealed class EvenPolicy(int samples) : IAllocationPolicy
{
    public int Next(ProgramProgress progress) => progress.Samples == 0 ? samples : 0;
}
