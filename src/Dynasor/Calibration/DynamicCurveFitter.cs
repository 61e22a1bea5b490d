using System.Globalization;
using Dynasor.Engines;
using Dynasor.Policies;
using Dynasor.Replay;

namespace Dynasor.Calibration;

/// <summary>
/// Fits the <c>dcurve</c> policy (dynamic curve fitting): one row of remaining budget per certaindex bucket for every
/// step from <c>detect</c> to the cap, so the table is looked up again after every grant. Rows are fitted backwards from
/// the cap on every (question, order) path of the calibration split: at step n, the paths in bucket b get the grant m
/// (0 stops) with the fewest tokens among those whose outcome, m more samples then the rows already fitted for the later
/// steps, is right on no fewer paths than running them to the cap, less <c>epsilon</c> x the paths in the cell. Since
/// every row already counts what the later rows will do, the rows at <c>detect</c> bound the whole policy: on the
/// calibration split it loses at most epsilon against the cap, whatever the later rows decide. A cell no path reaches
/// runs to the cap.
/// </summary>
public static class DynamicCurveFitter
{
    /// <summary>Returns a <c>dcurve</c> spec fitted on <paramref name="trace"/> with the buckets of <see cref="CurveFitter.Edges"/>.</summary>
    /// <param name="detect">Samples before the first lookup, at least 1 (clamped to the cap).</param>
    /// <param name="epsilon">Accuracy (a fraction of the paths in a cell) each cell may lose against the cap, 0..1.</param>
    public static PolicySpec Fit(PreparedTrace trace, int detect, double epsilon, ReplayOptions options)
    {
        options.Validate();
        options.Program.RequireRewards(trace);
        var cap = trace.Shape(options.Cap).Cap;
        detect = Math.Clamp(detect, 1, cap);
        var paths = Paths(trace, cap, options);
        var buckets = CurveFitter.Edges.Count + 1;
        var rows = new int[Math.Max(1, cap - detect)][];
        rows[^1] = new int[buckets];
        for (var n = cap - 1; n >= detect; n--)
        {
            var row = rows[n - detect] = new int[buckets];
            var cells = paths.Where(p => p.Cap > n).GroupBy(p => p.Bucket[n]).ToDictionary(g => g.Key, g => g.ToList());
            for (var b = 0; b < buckets; b++)
            {
                row[b] = cap - n;
                if (!cells.TryGetValue(b, out var cell))
                    continue;
                row[b] = Grant(cell, n, cap, epsilon);
                foreach (var p in cell)
                    (p.OutcomeRight[n], p.OutcomeTokens[n]) = p.After(n, row[b]);
            }
        }

        var edges = string.Join('|', CurveFitter.Edges.Select(e => e.ToString(CultureInfo.InvariantCulture)));
        var extra = string.Join(';', rows.Select(r => string.Join('|', r.Select(m => m.ToString(CultureInfo.InvariantCulture)))));
        return PolicyCatalog.Parse($"dcurve:detect={detect},edges={edges},extra={extra}");
    }

    // The grant with the fewest tokens over the cell among those within epsilon of the cap; the smallest on a tie.
    private static int Grant(List<PathRecord> cell, int n, int cap, double epsilon)
    {
        var atCap = cell.Count(p => p.Right[p.Cap]);
        var best = cap - n;
        var bestTokens = long.MaxValue;
        for (var m = 0; m <= cap - n; m++)
        {
            var (right, tokens) = (0, 0L);
            foreach (var p in cell)
            {
                var (r, t) = p.After(n, m);
                right += r ? 1 : 0;
                tokens += t;
            }
            if (right >= atCap - epsilon * cell.Count && tokens < bestTokens)
                (best, bestTokens) = (m, tokens);
        }
        return best;
    }

    // Every (order, question) path run one sample at a time to its cap, with what the program had after each sample.
    private static List<PathRecord> Paths(PreparedTrace trace, int cap, ReplayOptions options)
    {
        var paths = new List<PathRecord>(options.Repeats * trace.Questions.Count);
        for (var r = 0; r < options.Repeats; r++)
        {
            var engine = new TraceEngine(trace.ById, Replayer.OrderSeed(options.Seed, r), options.Resample, options.Program.KeepsOrder);
            foreach (var question in trace.Questions)
            {
                var path = new PathRecord(Math.Min(cap, question.Samples.Length));
                var program = options.Program.Create(question.Id, path.Cap);
                for (var n = 1; n <= path.Cap; n++)
                {
                    Synchronously.Wait(program.ExpandAsync(engine, 1));
                    path.Right[n] = question.IsCorrect(program.Progress.AnswerKey);
                    path.Tokens[n] = program.Progress.Tokens;
                    path.Bucket[n] = CurveFitter.Bucket(program.Progress.Certaindex);
                }
                paths.Add(path);
            }
        }
        return paths;
    }

    /// <summary>One path's state after each sample n (index n, 1..Cap) and the fitted policy's outcome from there.</summary>
    private sealed class PathRecord(int cap)
    {
        public int Cap { get; } = cap;
        public bool[] Right { get; } = new bool[cap + 1];
        public long[] Tokens { get; } = new long[cap + 1];
        public int[] Bucket { get; } = new int[cap + 1];
        public bool[] OutcomeRight { get; } = new bool[cap + 1];
        public long[] OutcomeTokens { get; } = new long[cap + 1];

        /// <summary>Where the path ends when m more samples are granted at step n: there if m is 0, else the fitted policy from n + m on.</summary>
        public (bool Right, long Tokens) After(int n, int m)
        {
            if (m == 0)
                return (Right[n], Tokens[n]);
            var k = n + m;
            return k >= Cap ? (Right[Cap], Tokens[Cap]) : (OutcomeRight[k], OutcomeTokens[k]);
        }
    }
}
