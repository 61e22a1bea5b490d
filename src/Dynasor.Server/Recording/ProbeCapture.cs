using System.Text;
using Dynasor.Certainty;
using Dynasor.Engines;
using Dynasor.Traces;

namespace Dynasor.Server.Recording;

/// <summary>
/// One probe as Dynasor-CoT read it: the pieces it streamed until the run stopped reading (the tail after the box), or
/// the failure that ended it. Filled by the probe's own stream while it runs; read after the run has ended.
/// </summary>
internal sealed class ProbeCapture(int at)
{
    private readonly StringBuilder _text = new();
    private readonly List<(int Offset, int Tokens)> _pieces = [];
    private bool _failed;

    /// <summary>Chain tokens generated when the probe was launched.</summary>
    public int At { get; } = at;

    /// <summary>Passes <paramref name="source"/> through, keeping each piece it yields and whether it failed.</summary>
    public IAsyncEnumerable<StreamedToken> Watch(IAsyncEnumerable<StreamedToken> source) => new ObservedStream<StreamedToken>(source, Keep, () => _failed = true);

    private void Keep(StreamedToken token)
    {
        _pieces.Add((_text.Length, token.Tokens));
        _text.Append(token.Reasoning).Append(token.Text);
    }

    /// <summary>
    /// The probe as Dynasor-CoT's run read it (its ProbeOutput): the answer is the trimmed text before the brace that
    /// closes the box (empty when none did, or when the probe failed), its tokens those of the pieces that spelled it,
    /// and the hedge is a whole-word hedge anywhere in the output, as <see cref="ProbeConsistency"/> checks it.
    /// </summary>
    public TraceProbe ToProbe()
    {
        if (_failed)
            return new TraceProbe(At, "", 0, false);
        var all = _text.ToString();
        var answer = ProbeConsistency.AnswerBeforeUnmatchedBrace(all);
        var closed = answer.Length < all.Length;
        var tokens = closed ? _pieces.Where(p => p.Offset < answer.Length).Sum(p => p.Tokens) : 0;
        return new TraceProbe(At, closed ? answer.Trim() : "", tokens, HedgeWords.Contains(all));
    }
}
