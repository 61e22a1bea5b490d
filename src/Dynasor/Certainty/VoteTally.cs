namespace Dynasor.Certainty;

/// <summary>
/// The votes of a multi-path program: answers grouped by equivalence key, with the leader, the runner-up and the
/// entropy certaindex. Not thread-safe: one program owns one tally.
/// </summary>
/// <remarks>
/// Groups live in small arrays searched linearly: a program rarely sees more than a few dozen distinct answers,
/// and keys from one trace are interned, so the reference comparison usually decides.
/// </remarks>
public sealed class VoteTally
{
    private string[] _keys = new string[8];
    private int[] _counts = new int[8];
    private int _groups;
    private int _votes;
    private int _leader = -1;
    private int _lastGroup = -1;
    private int _streak;
    private double _certaindex = double.NaN;

    /// <summary>Number of votes cast (empty answers do not vote).</summary>
    public int Votes => _votes;

    /// <summary>How many of the most recent samples in a row voted for the same answer (an abstention resets it).</summary>
    public int Streak => _streak;

    /// <summary>Number of distinct answers.</summary>
    public int DistinctAnswers => _groups;

    /// <summary>The leading answer's key; on a tie, the answer that reached that count first. Null before the first vote.</summary>
    public string? LeaderKey => _leader < 0 ? null : _keys[_leader];

    /// <summary>Votes for the leading answer.</summary>
    public int LeaderCount => _leader < 0 ? 0 : _counts[_leader];

    /// <summary>Votes for the strongest other answer (0 when there is none).</summary>
    public int RunnerUpCount
    {
        get
        {
            var best = 0;
            for (var g = 0; g < _groups; g++)
            {
                if (g != _leader && _counts[g] > best)
                    best = _counts[g];
            }
            return best;
        }
    }

    /// <summary>Entropy certaindex of the votes so far, in [0, 1] (see <see cref="AnswerEntropy"/>).</summary>
    public double Certaindex
    {
        get
        {
            if (double.IsNaN(_certaindex))
                _certaindex = AnswerEntropy.Certaindex(_counts.AsSpan(0, _groups));
            return _certaindex;
        }
    }

    /// <summary>Group sizes, in order of first appearance.</summary>
    public ReadOnlySpan<int> Counts => _counts.AsSpan(0, _groups);

    /// <summary>Votes for a key (0 when unseen).</summary>
    public int CountOf(string key)
    {
        var g = Find(key);
        return g < 0 ? 0 : _counts[g];
    }

    /// <summary>Adds one answer. An empty key is an abstention: it casts no vote but breaks a streak.</summary>
    public void Add(string key)
    {
        if (key.Length == 0)
        {
            _streak = 0;
            _lastGroup = -1;
            return;
        }
        var g = Find(key);
        if (g < 0)
        {
            if (_groups == _keys.Length)
            {
                Array.Resize(ref _keys, _groups * 2);
                Array.Resize(ref _counts, _groups * 2);
            }
            g = _groups++;
            _keys[g] = key;
            _counts[g] = 0;
        }
        _counts[g]++;
        _streak = g == _lastGroup ? _streak + 1 : 1;
        _lastGroup = g;
        _votes++;
        _certaindex = double.NaN;
        // Strictly more votes to take the lead: a tie keeps the answer that got there first.
        if (_leader < 0 || _counts[g] > _counts[_leader])
            _leader = g;
    }

    private int Find(string key)
    {
        for (var g = 0; g < _groups; g++)
        {
            if (ReferenceEquals(_keys[g], key))
                return g;
        }
        for (var g = 0; g < _groups; g++)
        {
            if (string.Equals(_keys[g], key, StringComparison.Ordinal))
                return g;
        }
        return -1;
    }
}
