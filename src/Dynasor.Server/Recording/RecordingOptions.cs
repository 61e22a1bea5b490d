namespace Dynasor.Server.Recording;

/// <summary>
/// What <c>serve --record DIR</c> (or the config file's <c>record</c> object) asks for: where the traffic goes, whether
/// prompts and outputs are kept, and when a file is full. Validated once by <see cref="Validate"/>.
/// </summary>
/// <param name="Directory">Where the numbered trace files go (<c>sc-000001.jsonl</c>, <c>cot-000001.jsonl</c>, ...); created when missing.</param>
/// <param name="Text">Keep the question's text and every sample's (or chain's) output text; off by default, when a prompt hash stands in.</param>
/// <param name="MaxFileMegabytes">A file is closed and the next number opened once it reaches this size, 1..100000 MB. Default 100.</param>
/// <param name="Capacity">Records that may wait for the writer, 1..1000000; past it, records are dropped and counted. Default 1024.</param>
public sealed record RecordingOptions(string Directory, bool Text = false, int MaxFileMegabytes = RecordingOptions.DefaultMaxFileMegabytes, int Capacity = 1024)
{
    /// <summary>The default file size limit in megabytes.</summary>
    public const int DefaultMaxFileMegabytes = 100;

    /// <summary>The file size limit in bytes.</summary>
    public long MaxFileBytes => MaxFileMegabytes * 1024L * 1024L;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting and the fix.</summary>
    public RecordingOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
            throw new ArgumentException("--record needs a directory to write recorded traffic to, e.g. --record traffic/.");
        if (MaxFileMegabytes is < 1 or > 100_000)
            throw new ArgumentException($"--record-max-mb {MaxFileMegabytes} must be between 1 and 100000 (megabytes per file, for example 100).");
        if (Capacity is < 1 or > 1_000_000)
            throw new ArgumentException($"record capacity {Capacity} must be between 1 and 1000000 records.");
        return this;
    }
}
