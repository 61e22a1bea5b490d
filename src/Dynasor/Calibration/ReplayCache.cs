using Dynasor.Policies;
using Dynasor.Replay;

namespace Dynasor.Calibration;

/// <summary>
/// Replays the candidates of one calibration. A per-question policy does the same on a question whatever else is
/// replayed, so it is replayed once on the whole trace and cut to each set of questions the search runs on (the folds'
/// complements, the folds, all questions): the same figures as replaying each set (<see cref="Replayer.Slice"/>), for a
/// fifth of the work with five folds. The batch allocator decides across questions and the curve policy is fitted per
/// set (as is the dcurve policy), so they are replayed on the set itself. Not thread-safe; one calibration at a time.
/// </summary>
internal sealed class ReplayCache(PreparedTrace whole, ReplayOptions options)
{
    private readonly Dictionary<string, int> _index = whole.Questions.Select((q, i) => (q.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
    private readonly Dictionary<string, ReplayResult> _results = new(StringComparer.Ordinal);

    public ReplayResult Run(PreparedTrace subset, PolicySpec spec)
    {
        var family = PolicyCatalog.Family(spec.Name);
        if (family.IsBatch || family.IsFitted)
            return Replayer.Run(subset, spec, options);
        var key = spec.ToString();
        if (!_results.TryGetValue(key, out var all))
            _results[key] = all = Replayer.Run(whole, spec, options);
        return ReferenceEquals(subset, whole) ? all : Replayer.Slice(all, subset.Questions.Select(q => _index[q.Id]).ToArray(), subset.Name);
    }
}
