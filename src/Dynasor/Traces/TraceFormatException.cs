namespace Dynasor.Traces;

/// <summary>A trace line that is not a valid question record. The message names the file, the line and the fix.</summary>
public sealed class TraceFormatException : FormatException
{
    public TraceFormatException(string source, int line, string problem, Exception? inner = null)
        : base($"{source}:{line}: {problem}", inner)
    {
        Source = source;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file (or stream name) the line came from.</summary>
    public new string Source { get; }

    /// <summary>1-based line number.</summary>
    public int Line { get; }

    /// <summary>What is wrong with the line, without the location.</summary>
    public string Problem { get; }
}
