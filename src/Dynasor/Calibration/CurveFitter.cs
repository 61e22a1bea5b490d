using System.Globalization;
using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Programs;
using Dynasor.Replay;

namespace Dynasor.Calibration;

/// <summary>
/// Fits the curve policy on a calibration split: after <c>detect</c> samples, programs are bucketed by certaindex (the
/// program's own, <see cref="ReplayOptions.Program"/>),
/// and each bucket gets the fewest further samples whose accuracy in that bucket is within epsilon of running the
/// bucket to the cap (a skyline of certaindex to remaining budget, fitted on profiling data as in the paper).
/// </summary>
public static class CurveFitter
{
    /// <summary>Bucket edges of the fitted table: certaindex at the detect step is coarse, five buckets suffice.</summary>
    public static IReadOnlyList<double> Edges { get; } = [0.2, 0.4, 0.6, 0.8, 0.99];

    /// <summary>Returns a <c>curve</c> spec fitted on <paramref name="trace"/>.</summary>
    public static PolicySpec Fit(PreparedTrace trace, int detect, double epsilon, ReplayOptions options)
    {
        options.Program.RequireRewards(trace);
        var cap = trace.Shape(options.Cap).Cap;
        detect = Math.Min(detect, cap);
        var span = cap - detect;
        // right[b][m]: over all (question, order) in bucket b, how many are right after detect + m samples.
        var right = new long[Edges.Count + 1, span + 1];
        var count = new long[Edges.Count + 1];
        for (var r = 0; r < options.Repeats; r++)
        {
            var engine = new TraceEngine(trace.ById, Replayer.OrderSeed(options.Seed, r), options.Resample, options.Program.KeepsOrder);
            foreach (var question in trace.Questions)
            {
                var program = options.Program.Create(question.Id, Math.Min(cap, question.Samples.Length));
                Synchronously.Wait(program.ExpandAsync(engine, detect));
                var bucket = Bucket(program.Progress.Certaindex);
                count[bucket]++;
                for (var m = 0; m <= span; m++)
                {
                    if (m > 0)
                        Synchronously.Wait(program.ExpandAsync(engine, 1));
                    if (question.IsCorrect(program.Progress.AnswerKey))
                        right[bucket, m]++;
                }
            }
        }

        var extra = new string[Edges.Count + 1];
        for (var b = 0; b <= Edges.Count; b++)
        {
            var m = span;
            if (count[b] > 0)
            {
                var target = right[b, span] - epsilon * count[b];
                m = 0;
                while (m < span && right[b, m] < target)
                    m++;
            }
            extra[b] = m.ToString(CultureInfo.InvariantCulture);
        }
        var edges = string.Join('|', Edges.Select(e => e.ToString(CultureInfo.InvariantCulture)));
        return PolicyCatalog.Parse($"curve:detect={detect},edges={edges},extra={string.Join('|', extra)}");
    }

    internal static int Bucket(double certaindex)
    {
        var b = 0;
        while (b < Edges.Count && certaindex >= Edges[b])
            b++;
        return b;
    }
}
