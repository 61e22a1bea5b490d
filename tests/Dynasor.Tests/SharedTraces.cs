namespace Dynasor.Tests;

/// <summary>
/// Locates <c>../shared/traces</c> beside the repository. The traces are reference data that must not be copied
/// into the repository, so tests that need them skip with this reason when they are absent.
/// </summary>
internal static class SharedTraces
{
    public const string SkipReason = "../shared/traces is absent (reference traces live beside the repository, not in it)";

    public static string? Directory { get; } = Find();

    public static bool Available => Directory is not null;

    public static string PathOf(string file) => System.IO.Path.Combine(Directory ?? throw new InvalidOperationException(SkipReason), file);

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Dynasor.slnx")))
            {
                var traces = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "traces"));
                return System.IO.Directory.Exists(traces) ? traces : null;
            }
        }
        return null;
    }
}
