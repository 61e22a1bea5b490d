using Dynasor.Certainty;
using Dynasor.Programs;

namespace Dynasor.Policies;

/// <summary>
/// The batch allocator's view of what each program's next samples are worth: one <see cref="ModalSharePrior"/> per
/// third of the batch by mean sample length, fitted to the votes of the programs in that third, and the resulting
/// gains per token. A model is less consistent on the questions it reasons longest about, so one vote on a long
/// question is less settled than one on a short question; a single prior for the whole batch would judge both by the
/// short majority. Not thread-safe: one per allocator run.
/// </summary>
internal sealed class BatchGainModel(IReadOnlyList<SelfConsistencyProgram> programs)
{
    /// <summary>Length bands the batch is split into; three keeps each fit on a third of the batch (10 of 30 AIME questions).</summary>
    public const int LengthBands = 3;

    /// <summary>
    /// Most further samples the gain looks ahead over. A lead of d votes takes d + 1 samples to overturn, so with a
    /// short lookahead a unanimous triple would never be sampled again however large the budget; 8 keeps the
    /// allocator spending towards SC@cap's accuracy at high budgets.
    /// </summary>
    public const int Lookahead = 8;

    private readonly double[] _edges = new double[LengthBands - 1];
    private readonly ModalSharePrior[] _priors = Enumerable.Repeat(ModalSharePrior.Flat, LengthBands).ToArray();

    // A gain depends only on the band, the vote's two counts and the lookahead, and a batch holds few distinct votes.
    private readonly Dictionary<(int Band, int Leader, int RunnerUp, int Lookahead), double> _gains = [];

    /// <summary>Recomputes the band edges and refits every band's prior to the programs' votes as they are now.</summary>
    public void Refit()
    {
        var lengths = programs.Select(p => MeanLength(p.Progress)).Order().ToArray();
        for (var k = 0; k < _edges.Length; k++)
            _edges[k] = lengths[(k + 1) * lengths.Length / LengthBands];
        var votes = programs.ToLookup(p => BandOf(p.Progress), p => (p.Progress.Votes.LeaderCount, p.Progress.Votes.RunnerUpCount));
        for (var band = 0; band < LengthBands; band++)
            _priors[band] = ModalSharePrior.Fit(votes[band]);
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
