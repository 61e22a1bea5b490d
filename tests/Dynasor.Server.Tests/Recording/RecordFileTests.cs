using Dynasor.Server.Recording;
using Dynasor.Traces;

namespace Dynasor.Server.Tests.Recording;

/// <summary>Numbered files on a real directory: rotation by size, numbering after what is there, ids unique per file.</summary>
public sealed class RecordFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-recordfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TraceQuestion Question(string id) => new(id, null, null, null, [new TraceSample("1", 10)]);

    private static FileStream Open(string path) => new(path, FileMode.CreateNew, FileAccess.Write);

    [Fact]
    public void Write_FileReachesTheLimit_NextRecordGoesToTheNextNumber()
    {
        // Each line is about 60 bytes: a 100-byte limit closes a file after its second line.
        using (var file = new RecordFile(_dir, "sc", 100, Open))
        {
            foreach (var id in new[] { "a", "b", "c", "d", "e" })
                file.Write(Question(id));
        }

        var files = RecordedTraffic.Files(_dir, "sc");
        Assert.Equal([1, 2, 3], files.Select(f => f.Number));
        Assert.Equal([["a", "b"], ["c", "d"], ["e"]], files.Select(f => TraceReader.Read(f.Path).Select(q => q.Id).ToArray()));
        Assert.All(files.Take(2), f => Assert.InRange(new FileInfo(f.Path).Length, 100, 200));
    }

    [Fact]
    public void Write_DirectoryWithEarlierFiles_NumbersAfterTheHighest()
    {
        File.WriteAllText(Path.Combine(_dir, RecordedTraffic.FileName("cot", 7)), "");
        using (var file = new RecordFile(_dir, "cot", 1 << 20, Open))
            file.Write(Question("x"));

        Assert.Equal([7, 8], RecordedTraffic.Files(_dir, "cot").Select(f => f.Number));
        Assert.Equal("x", TraceReader.Read(Path.Combine(_dir, "cot-000008.jsonl")).Single().Id);
    }

    [Fact]
    public void Write_SamePromptTwiceInOneFile_SuffixesTheSecondId()
    {
        using (var file = new RecordFile(_dir, "sc", 1 << 20, Open))
        {
            file.Write(Question("h"));
            file.Write(Question("h"));
            file.Write(Question("h"));
        }

        Assert.Equal(["h", "h~2", "h~3"], TraceReader.Read(Path.Combine(_dir, "sc-000001.jsonl")).Select(q => q.Id));
    }
}
