namespace Dynasor.Certainty;

/// <summary>
/// What a batch of programs says about how consistent its model is: a prior over a question's modal-answer share
/// p (the chance one sample gives the answer the model gives most), on a grid over (1/2, 1), fitted by expectation
/// maximisation to the batch's own votes (empirical Bayes; no labels). A vote is read as a two-answer contest,
/// leader against runner-up, either of which may be the modal answer. A model that mostly agrees with itself puts
/// the prior near 1, and then two agreeing votes settle a question while one vote does not; a model that often
/// splits spreads it out. Adaptive-Consistency's Beta(1, 1) is the same model with a fixed, flat prior.
/// </summary>
public sealed class ModalSharePrior
{
    /// <summary>Grid points over (1/2, 1).</summary>
    public const int GridSize = 20;

    private const int FitIterations = 30;
    private static readonly double[] Share = Enumerable.Range(0, GridSize).Select(j => 0.5 + (j + 0.5) / (2 * GridSize)).ToArray();
    private static readonly double[] LogShare = Share.Select(p => Math.Log(p)).ToArray();
    private static readonly double[] LogOther = Share.Select(p => Math.Log(1 - p)).ToArray();
    private readonly double[] _logWeight;

    private ModalSharePrior(double[] weight) => _logWeight = weight.Select(w => Math.Log(w)).ToArray();

    /// <summary>The flat prior (every grid point equally likely).</summary>
    public static ModalSharePrior Flat { get; } = new(Enumerable.Repeat(1.0 / GridSize, GridSize).ToArray());

    /// <summary>The grid weights (sum 1), for diagnostics and tests.</summary>
    public IReadOnlyList<double> Weights => _logWeight.Select(w => Math.Exp(w)).ToArray();

    /// <summary>
    /// Fits the prior to votes given as (leader count, runner-up count) pairs. Votes with no samples carry no
    /// information and are ignored; with none left, the prior is flat.
    /// </summary>
    public static ModalSharePrior Fit(IEnumerable<(int Leader, int RunnerUp)> votes)
    {
        ArgumentNullException.ThrowIfNull(votes);
        // EM over the histogram of distinct pairs: a batch has thousands of programs but few distinct votes.
        var histogram = votes.Where(v => v.Leader > 0).GroupBy(v => v).Select(g => (g.Key.Leader, g.Key.RunnerUp, Count: g.Count())).ToArray();
        var total = histogram.Sum(h => h.Count);
        if (total == 0)
            return Flat;
        // A vote's likelihood at each grid point does not change between iterations; only the weights do.
        var logLikelihood = histogram.Select(h => Enumerable.Range(0, GridSize).Select(j => LogEither(j, h.Leader, h.RunnerUp)).ToArray()).ToArray();
        var weight = Enumerable.Repeat(1.0 / GridSize, GridSize).ToArray();
        var logWeight = new double[GridSize];
        var next = new double[GridSize];
        var row = new double[GridSize];
        for (var iteration = 0; iteration < FitIterations; iteration++)
        {
            Array.Clear(next);
            for (var j = 0; j < GridSize; j++)
                logWeight[j] = Math.Log(weight[j]);
            for (var h = 0; h < histogram.Length; h++)
            {
                var max = double.NegativeInfinity;
                for (var j = 0; j < GridSize; j++)
                {
                    row[j] = logWeight[j] + logLikelihood[h][j];
                    max = Math.Max(max, row[j]);
                }
                var sum = 0.0;
                for (var j = 0; j < GridSize; j++)
                    sum += row[j] = Math.Exp(row[j] - max);
                for (var j = 0; j < GridSize; j++)
                    next[j] += histogram[h].Count * row[j] / sum;
            }
            for (var j = 0; j < GridSize; j++)
                weight[j] = Math.Max(next[j] / total, 1e-12);
        }
        return new ModalSharePrior(weight);
    }

    /// <summary>The probability that the leader of a (leader, runner-up) vote is the modal answer; 1/2 on a tie.</summary>
    public double LeaderIsModal(int leader, int runnerUp)
    {
        if (leader == runnerUp)
            return 0.5;
        Span<double> modal = stackalloc double[GridSize];
        Span<double> other = stackalloc double[GridSize];
        Posterior(leader, runnerUp, modal, other);
        return Sum(modal);
    }

    /// <summary>
    /// The knowledge gradient of sampling more: the largest, over 1 to <paramref name="lookahead"/> more samples, of
    /// the expected rise in the chance that the vote's leader is the modal answer, per sample. Zero when no outcome
    /// of that many samples could change the leader; never negative.
    /// </summary>
    public double GainPerSample(int leader, int runnerUp, int lookahead)
    {
        Span<double> modal = stackalloc double[GridSize];
        Span<double> other = stackalloc double[GridSize];
        Posterior(leader, runnerUp, modal, other);
        var now = Math.Max(Sum(modal), Sum(other));
        var best = 0.0;
        // share[j * (m + 1) + k] = p_j^k and rest[...] = (1 - p_j)^k, for k up to the lookahead.
        var powers = lookahead + 1;
        Span<double> share = powers * GridSize <= 1024 ? stackalloc double[powers * GridSize] : new double[powers * GridSize];
        Span<double> rest = powers * GridSize <= 1024 ? stackalloc double[powers * GridSize] : new double[powers * GridSize];
        for (var j = 0; j < GridSize; j++)
        {
            share[j * powers] = rest[j * powers] = 1;
            for (var k = 1; k < powers; k++)
            {
                share[j * powers + k] = share[j * powers + k - 1] * Share[j];
                rest[j * powers + k] = rest[j * powers + k - 1] * (1 - Share[j]);
            }
        }
        for (var m = 1; m <= lookahead; m++)
        {
            // x of the m new votes go to the current leader; afterwards the side with more posterior mass is picked.
            var expected = 0.0;
            var binomial = 1.0;
            for (var x = 0; x <= m; x++)
            {
                double leaderModal = 0, otherModal = 0;
                for (var j = 0; j < GridSize; j++)
                {
                    leaderModal += modal[j] * share[j * powers + x] * rest[j * powers + m - x];
                    otherModal += other[j] * rest[j * powers + x] * share[j * powers + m - x];
                }
                expected += binomial * Math.Max(leaderModal, otherModal);
                binomial = binomial * (m - x) / (x + 1);
            }
            best = Math.Max(best, (expected - now) / m);
        }
        return Math.Max(0, best);
    }

    // Joint posterior over (grid point, which side is modal), normalised to sum 1 over both spans.
    private void Posterior(int leader, int runnerUp, Span<double> modal, Span<double> other)
    {
        var max = double.NegativeInfinity;
        for (var j = 0; j < GridSize; j++)
        {
            modal[j] = _logWeight[j] + leader * LogShare[j] + runnerUp * LogOther[j];
            other[j] = _logWeight[j] + runnerUp * LogShare[j] + leader * LogOther[j];
            max = Math.Max(max, Math.Max(modal[j], other[j]));
        }
        var sum = 0.0;
        for (var j = 0; j < GridSize; j++)
        {
            sum += modal[j] = Math.Exp(modal[j] - max);
            sum += other[j] = Math.Exp(other[j] - max);
        }
        for (var j = 0; j < GridSize; j++)
        {
            modal[j] /= sum;
            other[j] /= sum;
        }
    }

    // Log-likelihood of a (leader, runner-up) vote at grid point j when either side may be the modal answer.
    private static double LogEither(int j, int leader, int runnerUp)
    {
        var a = leader * LogShare[j] + runnerUp * LogOther[j];
        if (leader == runnerUp)
            return a;
        var b = runnerUp * LogShare[j] + leader * LogOther[j];
        var max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
            sum += v;
        return sum;
    }
}
