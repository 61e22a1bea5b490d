namespace Dynasor.Tests.Answers;

/// <summary>Locates the reference traces, which live outside the repository at <c>../shared/traces</c>.</summary>
internal static class SharedTraces
{
    /// <summary>The traces folder, or null when the repository root or the folder cannot be found.</summary>
    public static string? Directory { get; } = Find();

    /// <summary>Why trace-backed tests skip on this machine.</summary>
    public const string MissingReason = "reference traces not found at ../shared/traces relative to the repository root (the folder holding Dynasor.slnx)";

    /// <summary>The path of one trace file, or null when it is absent.</summary>
    public static string? File(string name)
    {
        if (Directory is null)
        {
            return null;
        }

        string path = Path.Combine(Directory, name);
        return System.IO.File.Exists(path) ? path : null;
    }

    private static string? Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(folder.FullName, "Dynasor.slnx")))
            {
                string traces = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "traces"));
                return System.IO.Directory.Exists(traces) ? traces : null;
            }
        }

        return null;
    }
}
