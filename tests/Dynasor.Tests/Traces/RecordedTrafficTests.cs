using Dynasor.Traces;

namespace Dynasor.Tests.Traces;

/// <summary>A recording directory read as one trace: one mode's numbered files in number order, ids kept unique.</summary>
public sealed class RecordedTrafficTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-recorded-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Read_SeveralFiles_ReadsOneModeInNumberOrderAndRenamesRepeatedIds()
    {
        Write(RecordedTraffic.FileName("sc", 10), "a", "b");
        Write(RecordedTraffic.FileName("sc", 2), "a", "a~2");
        Write(RecordedTraffic.FileName("cot", 1), "c");
        File.WriteAllText(Path.Combine(_dir, "sc-notes.jsonl"), "not a recorded file");

        var ids = RecordedTraffic.Read(_dir, "sc").Select(q => q.Question.Id).ToList();

        // File 2 before file 10; the second "a" takes the first free suffix (a~2 is taken by file 2's own line).
        Assert.Equal(["a", "a~2", "a~3", "b"], ids);
        Assert.Equal("sc-000002.jsonl", RecordedTraffic.FileName("sc", 2));
    }

    [Fact]
    public void Read_NoFileOfThatMode_NamesTheModesTheDirectoryHas()
    {
        Write(RecordedTraffic.FileName("sc", 1), "a");

        var e = Assert.Throws<FileNotFoundException>(() => RecordedTraffic.Read(_dir, "cot").ToList());

        Assert.Contains("holds no recorded cot traffic (cot-NNNNNN.jsonl), only sc", e.Message);
    }

    [Fact]
    public void IsRecording_DirectoryWithAndWithoutNumberedFiles_TellsThemApart()
    {
        Assert.False(RecordedTraffic.IsRecording(_dir));
        Write(RecordedTraffic.FileName("cot", 1), "a");

        Assert.True(RecordedTraffic.IsRecording(_dir));
        Assert.False(RecordedTraffic.IsRecording(Path.Combine(_dir, "cot-000001.jsonl")));
    }

    private void Write(string name, params string[] ids)
    {
        using var writer = new TraceWriter(Path.Combine(_dir, name));
        foreach (var id in ids)
            writer.Write(new TraceQuestion(id, null, null, null, [new TraceSample("1", 5)]));
    }
}
