using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// Curve-fitted allocation: after <c>detect</c> samples, the entropy certaindex picks a bucket (bounded by
/// <c>edges</c>, ascending) and the bucket's fitted remaining budget (<c>extra</c>, one more entry than edges) is
/// granted in one wave. The table is fitted on a calibration split by <see cref="Calibration.CurveFitter"/>.
/// </summary>
internal sealed class CurvePolicy(int detect, double[] edges, double[] extra) : IAllocationPolicy
{
    public int Next(ProgramProgress progress)
    {
        if (progress.Samples < detect)
            return detect - progress.Samples;
        if (progress.Samples > detect)
            return 0;
        var bucket = 0;
        while (bucket < edges.Length && progress.Certaindex >= edges[bucket])
            bucket++;
        return (int)extra[bucket];
    }
}
