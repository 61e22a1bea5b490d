using Dynasor.Certainty;
using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// The batch allocator's view of what each program's next samples are worth: one <see cref="ModalSharePrior"/> per
/// third of the batch by mean sample length (fewer bands for a batch under 30 programs), fitted to the votes of the programs in that third, and the resulting
/// gains per token. A model is less consistent on the questions it reasons longest about, so one vote on a long
/// question is less settled than one on a short question; a single prior for the whole batch would judge both by the
/// short majority. Not thread-safe: one per allocator run.
/// </summary>
internal sealed class BatchGainModel(IReadOnlyList<SelfConsistencyProgram> programs)
{
    /// <summary>Most length bands the batch is split into.</summary>
    public const int MaxLengthBands = 3;

    /// <summary>
    /// Fewest programs a band's prior is fitted to: a batch of fewer than 2 x 10 programs gets one band, fewer than
    /// 3 x 10 two. An EM fit to two or three votes would follow their noise, not the model.
    /// </summary>
    public const int MinProgramsPerBand = 10;

    /// <summary>
    /// Most further samples the gain looks ahead over. A lead of d votes takes d + 1 samples to overturn, so with a
    /// short lookahead a unanimous triple would never be sampled again however large the budget; 8 keeps the
    /// allocator spending towards SC@cap's accuracy at high budgets.
    /// </summary>
    public const int Lookahead = 8;

    private readonly int _bands = Bands(programs.Count);
    private double[] _edges = new double[Bands(programs.Count) - 1];
    private ModalSharePrior[] _priors = Enumerable.Repeat(ModalSharePrior.Flat, Bands(programs.Count)).ToArray();

    // A gain depends only on the band, the vote's two counts and the lookahead, and a batch holds few distinct votes.
    private readonly Dictionary<(int Band, int Leader, int RunnerUp, int Lookahead), double> _gains = [];

    /// <summary>Recomputes the band edges and refits every band's prior to the programs' votes as they are now.</summary>
    public void Refit()
    {
        var lengths = programs.Select(p => MeanLength(p.Progress)).Order().ToArray();
        _edges = Enumerable.Range(1, _bands - 1).Select(k => lengths[k * lengths.Length / _bands]).ToArray();
        var votes = programs.ToLookup(p => BandOf(p.Progress), p => (p.Progress.Votes.LeaderCount, p.Progress.Votes.RunnerUpCount));
        _priors = Enumerable.Range(0, _bands).Select(band => ModalSharePrior.Fit(votes[band])).ToArray();
        _gains.Clear();
    }

    /// <summary>
    /// The expected accuracy gain per token of sampling program <paramref name="index"/> further: its band prior's
    /// knowledge gradient x the share of votes held by the two strongest answers / its mean tokens per sample; 0 when
    /// it cannot sample, and above everything when it has no answer yet.
    /// </summary>
    public double GainPerToken(int index)
    {
        var progress = programs[index].Progress;
        if (progress.Remaining <= 0)
            return 0;
        var votes = progress.Votes;
        if (votes.Votes == 0)
            return double.MaxValue; // no answer yet: nothing is worth more than a first answer
        var key = (BandOf(progress), votes.LeaderCount, votes.RunnerUpCount, Math.Min(Lookahead, progress.Remaining));
        if (!_gains.TryGetValue(key, out var perSample))
            _gains[key] = perSample = _priors[key.Item1].GainPerSample(key.LeaderCount, key.RunnerUpCount, key.Item4);
        var contested = (double)(votes.LeaderCount + votes.RunnerUpCount) / votes.Votes;
        return perSample * contested / Math.Max(1, progress.MeanTokensPerSample);
    }

    /// <summary>How many length bands a batch of <paramref name="programs"/> programs is split into.</summary>
    public static int Bands(int programs) => Math.Clamp(programs / MinProgramsPerBand, 1, MaxLengthBands);

    private int BandOf(ProgramProgress progress)
    {
        var length = MeanLength(progress);
        var band = 0;
        while (band < _edges.Length && length >= _edges[band])
            band++;
        return band;
    }

    private static double MeanLength(ProgramProgress progress) => progress.Samples > 0 ? progress.MeanTokensPerSample : 0;
}
