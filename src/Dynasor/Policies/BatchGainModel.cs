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
        for (var band = 0; band < LengthBands; band++)
        {
            var b = band;
            _priors[band] = ModalSharePrior.Fit(programs
                .Where(p => BandOf(p.Progress) == b)
                .Select(p => (p.Progress.Votes.LeaderCount, p.Progress.Votes.RunnerUpCount)));
        }
        _gains.Clear();
    }

    /// <summary>The expected accuracy gain per token of sampling program <paramref name="index"/> further.</summary>
    public double GainPerToken(int index)
    {
        var progress = programs[index].Progress;
        var band = BandOf(progress);
        return BatchAllocator.GainPerToken(progress, (a, b, lookahead) =>
        {
            if (!_gains.TryGetValue((band, a, b, lookahead), out var gain))
                _gains[(band, a, b, lookahead)] = gain = _priors[band].GainPerSample(a, b, lookahead);
            return gain;
        });
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
