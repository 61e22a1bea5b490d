namespace Dynasor.Cli.Output;

/// <summary>
/// Files a command writes after its run (reports, per-question tables, traces): checked before the run starts, so
/// a typo in a path does not cost the run, and announced once written, with the full path, on standard error (where
/// it does not disturb <c>--format json</c>).
/// </summary>
internal static class OutputFile
{
    /// <summary>Throws an <see cref="IOException"/> naming the option and the path when <paramref name="path"/> cannot be written.</summary>
    public static void CheckWritable(string? path, string option)
    {
        if (path is null)
            return;
        if (Directory.Exists(path))
            throw new IOException($"{option} {path} is a directory; give the path of a file (in it or elsewhere)");
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
            throw new IOException($"{option} {path} cannot be written: the folder {folder} does not exist; create it first or choose another path");
        var existed = File.Exists(full);
        try
        {
            // Opening for writing without truncating leaves an existing file as it is until the run has its results.
            using (new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
            {
            }
            if (!existed)
                File.Delete(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option} {path} cannot be written ({e.Message.TrimEnd('.')}); choose a path you can write to", e);
        }
    }

    /// <summary>Says where <paramref name="what"/> was written.</summary>
    public static void Announce(string path, string what) =>
        Console.Error.WriteLine($"wrote {what} to {Path.GetFullPath(path)}");
}
