using Dynasor.Policies;

namespace Dynasor.Programs;

/// <summary>
/// Wraps a program's policy for one run: a grant is raised to at least <c>minWave</c> samples (never from 0: the
/// policy alone decides to stop), and waves are counted. One instance per run.
/// </summary>
internal sealed class WavePolicy(IAllocationPolicy inner, int minWave) : IAllocationPolicy
{
    /// <summary>Waves granted so far.</summary>
    public int Waves { get; private set; }

    public int Next(ProgramProgress progress)
    {
        var grant = inner.Next(progress);
        if (grant <= 0 || progress.Remaining <= 0)
            return 0;
        Waves++;
        return Math.Max(grant, minWave);
    }
}
