namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>
/// OpenAI <c>stop</c> strings over streamed text: text that may be the start of a stop string is held back until
/// it is ruled out, and the text from a match on is never released (the engines all exclude the stop string).
/// </summary>
internal sealed class StopMatcher(IReadOnlyList<string> stops)
{
    private string _pending = "";

    /// <summary>The stop string that ended the text, once one has.</summary>
    public string? Matched { get; private set; }

    public string Feed(string text)
    {
        if (Matched is not null)
            return "";
        _pending += text;
        var first = stops.Where(s => s.Length > 0)
            .Select(s => (Stop: s, At: _pending.IndexOf(s, StringComparison.Ordinal)))
            .Where(m => m.At >= 0).OrderBy(m => m.At).FirstOrDefault();
        if (first.Stop is not null)
        {
            Matched = first.Stop;
            var before = _pending[..first.At];
            _pending = "";
            return before;
        }
        var keep = stops.Select(s => Overlap(_pending, s)).DefaultIfEmpty(0).Max();
        var released = _pending[..^keep];
        _pending = _pending[^keep..];
        return released;
    }

    /// <summary>Releases held-back text at the end of the generation.</summary>
    public string Flush()
    {
        var rest = Matched is null ? _pending : "";
        _pending = "";
        return rest;
    }

    private static int Overlap(string text, string stop)
    {
        for (var length = Math.Min(stop.Length - 1, text.Length); length > 0; length--)
            if (stop.StartsWith(text[^length..], StringComparison.Ordinal))
                return length;
        return 0;
    }
}
