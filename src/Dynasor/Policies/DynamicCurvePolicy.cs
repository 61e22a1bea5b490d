using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// Dynamic curve fitting (the paper's finest policy): a fitted table per step, looked up every time the program asks.
/// After <c>detect</c> samples and after every grant, the certaindex picks a bucket (bounded by <c>edges</c>) and the
/// row of the samples drawn so far gives that bucket's remaining budget: granted in one wave, then looked up again;
/// 0 stops. Rows run from <c>detect</c> samples upward; past the last row the program stops (the table was fitted to
/// that cap). The table is fitted by <see cref="Calibration.DynamicCurveFitter"/>.
/// </summary>
internal sealed class DynamicCurvePolicy(int detect, double[] edges, int[][] extra) : IAllocationPolicy
{
    public int Next(ProgramProgress progress)
    {
        if (progress.Samples < detect)
            return detect - progress.Samples;
        var row = progress.Samples - detect;
        if (row >= extra.Length)
            return 0;
        var bucket = 0;
        while (bucket < edges.Length && progress.Certaindex >= edges[bucket])
            bucket++;
        return extra[row][bucket];
    }
}
