namespace Dynasor.Server.Upstream;

/// <summary>What the next line of an upstream stream turned out to be.</summary>
internal enum LineKind
{
    /// <summary>No whole line is buffered: read more.</summary>
    NeedMore,

    /// <summary>A line that is not <c>data:</c> (comments, event names, blank lines between events).</summary>
    Other,

    /// <summary><c>data: [DONE]</c>.</summary>
    Done,

    /// <summary>A parsed <c>data:</c> chunk.</summary>
    Chunk,
}
