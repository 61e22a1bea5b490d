using Dynasor.Replay;

namespace Dynasor.Tests.Replay;

public sealed class PreparedTraceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-prepared-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_dir, "t.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Load_QuestionWithoutSamples_IsLeftOutAndListedWithFileAndLine()
    {
        var path = Write(
            """{"id":"a","samples":[{"answer":"1","tokens":5},{"answer":"1","tokens":5}]}""",
            """{"id":"b","samples":[]}""",
            """{"id":"c","samples":[{"answer":"2","tokens":5}]}""");
        var trace = PreparedTrace.Load(path);
        Assert.Equal(["a", "c"], trace.Questions.Select(q => q.Id));
        var skipped = Assert.Single(trace.Skipped);
        Assert.Equal($"{path}:2: question 'b' has \"samples\":[] and is left out of every figure", skipped);
        Assert.Equal(1, trace.MinSamples);
        Assert.Equal(2, trace.MaxSamples);
    }

    [Fact]
    public void Load_NoQuestionWithSamples_IsRefusedNamingTheFirstLine()
    {
        var path = Write("", """{"id":"a","samples":[]}""", """{"id":"b","samples":[]}""");
        var error = Assert.Throws<ArgumentException>(() => PreparedTrace.Load(path));
        Assert.Contains("has no question with samples (2 with \"samples\":[], the first on line 2)", error.Message);
    }
}
