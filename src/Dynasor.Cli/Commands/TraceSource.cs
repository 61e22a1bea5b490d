using Dynasor.Replay;

namespace Dynasor.Cli.Commands;

/// <summary>Loads the traces a command names, or the built-in synthetic trace when none is named.</summary>
internal static class TraceSource
{
    public static IReadOnlyList<PreparedTrace> Load(IReadOnlyList<string>? paths)
    {
        if (paths is null || paths.Count == 0)
            return [BuiltIn()];
        return paths.Select(PreparedTrace.Load).ToList();
    }

    /// <summary>The default synthetic trace: fitted to gsm8k.gpt-4o-mini, so it runs on a machine without any traces.</summary>
    public static PreparedTrace BuiltIn() =>
        PreparedTrace.From("synthetic (seed 0)", Dynasor.Synthesis.SyntheticTrace.Generate(new Dynasor.Synthesis.SynthOptions()));
}
