using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// The paper's threshold policies. Draw <c>detect</c> samples; stop when certaindex passes its threshold(s).
/// With <c>every</c> = 0 (static), a program that fails at the detect step runs straight to the cap; with
/// <c>every</c> = s it is re-checked after every s further samples.
/// </summary>
internal sealed class ThresholdPolicy(int detect, int every, CertaindexGate gate) : IAllocationPolicy
{
    public int Next(ProgramProgress progress)
    {
        if (progress.Samples < detect)
            return detect - progress.Samples;
        if (gate.Passes(progress))
            return 0;
        if (every == 0)
            return progress.Samples == detect ? progress.Remaining : 0;
        return every;
    }
}
