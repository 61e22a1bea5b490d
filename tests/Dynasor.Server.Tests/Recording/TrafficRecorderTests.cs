using System.Text;
using Dynasor.Server.Metrics;
using Dynasor.Server.Recording;
using Dynasor.Server.Tests.Fakes;
using Dynasor.Traces;

namespace Dynasor.Server.Tests.Recording;

/// <summary>The recorder's queue and writer with streams standing in for the disk: flush on shutdown, drops that are counted and logged once.</summary>
public sealed class TrafficRecorderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-recorder-").FullName;
    private readonly ServerMetrics _metrics = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly Dictionary<string, MemoryStream> _files = [];

    public void Dispose()
    {
        _metrics.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static TraceQuestion Question(string id, int samples = 3) =>
        new(id, "live/sc", "m", null, Enumerable.Range(0, samples).Select(i => new TraceSample(i.ToString(), 100 + i)).ToList());

    private TrafficRecorder Recorder(Func<string, MemoryStream> disk, int capacity = 16) =>
        new(new RecordingOptions(_dir, Capacity: capacity), _metrics, _logs.CreateLogger("test"), path => _files[Path.GetFileName(path)] = disk(path));

    private List<TraceQuestion> Read(string file) =>
        TraceReader.Read(new StringReader(Encoding.UTF8.GetString(_files[file].ToArray())), file).ToList();

    [Fact]
    public async Task DisposeAsync_RecordsStillQueued_WritesEveryOneInOrder()
    {
        var recorder = Recorder(_ => new MemoryStream());
        var queued = Enumerable.Range(0, 5).Select(i => recorder.TryRecord("sc", Question($"q{i}"))).ToList();

        await recorder.DisposeAsync();

        Assert.All(queued, Assert.True);
        Assert.Equal(["q0", "q1", "q2", "q3", "q4"], Read("sc-000001.jsonl").Select(q => q.Id));
        Assert.Equal(5, recorder.Written);
        Assert.Equal(0, recorder.Dropped);
    }

    [Fact]
    public async Task Write_DiskFillsUp_DropsCountsLogsOnceAndLeavesAReadableFile()
    {
        // Room for one record and part of the next: the second write is cut short, the third finds no room at all.
        var lineBytes = Encoding.UTF8.GetByteCount(Line(Question("q0")));
        var recorder = Recorder(_ => new FullDisk(lineBytes + lineBytes / 2));
        foreach (var id in new[] { "q0", "q1", "q2" })
            Assert.True(recorder.TryRecord("sc", Question(id)));

        await recorder.DisposeAsync();

        Assert.Equal(["q0"], Read("sc-000001.jsonl").Select(q => q.Id));
        Assert.Equal(2, recorder.Dropped);
        Assert.Single(_logs.Messages, m => m.Contains("a record was dropped because writing it failed (IOException: No space left on device)"));
    }

    [Fact]
    public async Task TryRecord_QueueFullWhileTheDiskIsSlow_ReturnsFalseAtOnceAndCountsTheDrop()
    {
        var slow = new GatedStream();
        var recorder = Recorder(_ => slow, capacity: 1);
        Assert.True(recorder.TryRecord("sc", Question("taken")));
        await slow.Entered;

        var queued = recorder.TryRecord("sc", Question("queued"));
        var dropped = recorder.TryRecord("sc", Question("dropped"));
        slow.Open();
        await recorder.DisposeAsync();

        Assert.Equal((true, false), (queued, dropped));
        Assert.Equal(1, recorder.Dropped);
        Assert.Single(_logs.Messages, m => m.Contains("the recording queue is full"));
        Assert.Equal(["taken", "queued"], Read("sc-000001.jsonl").Select(q => q.Id));
    }

    [Fact]
    public async Task TryRecord_AfterShutdown_IsDroppedAndCounted()
    {
        var recorder = Recorder(_ => new MemoryStream());
        await recorder.DisposeAsync();

        Assert.False(recorder.TryRecord("sc", Question("late")));
        Assert.Equal(1, recorder.Dropped);
        Assert.Single(_logs.Messages, m => m.Contains("the server is shutting down"));
    }

    [Fact]
    public async Task Write_TwoModes_GoToTheirOwnFiles()
    {
        var recorder = Recorder(_ => new MemoryStream());
        recorder.TryRecord("sc", Question("a"));
        recorder.TryRecord("cot", Question("b", 1));

        await recorder.DisposeAsync();

        Assert.Equal("a", Read("sc-000001.jsonl").Single().Id);
        Assert.Equal("b", Read("cot-000001.jsonl").Single().Id);
    }

    private static string Line(TraceQuestion question)
    {
        using var stream = new MemoryStream();
        using (var writer = new TraceWriter(stream, leaveOpen: true))
            writer.Write(question);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
