using System.Globalization;
using Dynasor.Replay;

namespace Dynasor.Cli.Commands;

/// <summary>
/// Loads the traces a command names, or the built-in synthetic trace when none is named, and says on standard error
/// what the figures will not show: questions left out for having no samples, and questions with fewer samples than
/// <c>--cap</c> (their policies, and the SC@cap baseline, stop at what there is).
/// </summary>
internal static class TraceSource
{
    // Enough lines to find the problem; the rest is counted.
    private const int MaxSkippedLines = 5;

    public static IReadOnlyList<PreparedTrace> Load(IReadOnlyList<string>? paths, int cap, TextWriter warnings)
    {
        if (paths is null || paths.Count == 0)
            return [Checked(BuiltIn(), cap, warnings)];
        return paths.Select(p => Load(p, cap, warnings)).ToList();
    }

    /// <summary>One trace file, or the built-in synthetic trace when <paramref name="path"/> is null.</summary>
    public static PreparedTrace Load(string? path, int cap, TextWriter warnings) =>
        Checked(path is null ? BuiltIn() : PreparedTrace.Load(path), cap, warnings);

    /// <summary>
    /// One trace file or recording directory (<c>dynasor serve --record</c>, its <c>sc</c> files), its questions passed
    /// through <paramref name="relabel"/> before they are prepared.
    /// </summary>
    public static PreparedTrace Load(string path, int cap, TextWriter warnings, Func<IReadOnlyList<Dynasor.Traces.TraceQuestion>, IReadOnlyList<Dynasor.Traces.TraceQuestion>> relabel) =>
        Checked(PreparedTrace.Load(path, relabel), cap, warnings);

    /// <summary>The default synthetic trace: fitted to gsm8k.gpt-4o-mini, so it runs on a machine without any traces.</summary>
    public static PreparedTrace BuiltIn() =>
        PreparedTrace.From("synthetic (seed 0)", Dynasor.Synthesis.SyntheticTrace.Generate(new Dynasor.Synthesis.SynthOptions()));

    private static PreparedTrace Checked(PreparedTrace trace, int cap, TextWriter warnings)
    {
        foreach (var line in trace.Skipped.Take(MaxSkippedLines))
            warnings.WriteLine($"dynasor: warning: {line}");
        if (trace.Skipped.Count > MaxSkippedLines)
            warnings.WriteLine($"dynasor: warning: {trace.Name}: {trace.Skipped.Count - MaxSkippedLines} more questions with \"samples\":[] are left out");
        if (trace.MaxSamples < cap)
        {
            var n = trace.MaxSamples.ToString(CultureInfo.InvariantCulture);
            warnings.WriteLine($"dynasor: warning: {trace.Name} has at most {n} samples per question, fewer than --cap {cap}: every policy stops at {n}, and the SC baseline is sc:n={n}");
        }
        else if (trace.MinSamples < cap)
        {
            var fewer = trace.Questions.Count(q => q.Samples.Length < cap);
            warnings.WriteLine($"dynasor: warning: {trace.Name}: {fewer} of {trace.Questions.Count} questions have fewer than --cap {cap} samples (the fewest {trace.MinSamples}); they stop at the samples they have");
        }
        return trace;
    }
}
