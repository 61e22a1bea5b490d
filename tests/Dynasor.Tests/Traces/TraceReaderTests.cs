using Dynasor.Traces;

namespace Dynasor.Tests.Traces;

public class TraceReaderTests
{
    private static List<TraceQuestion> Read(string text) => TraceReader.Read(new StringReader(text), "t.jsonl").ToList();

    [Fact]
    public void Read_ValidLineWithUnknownFields_ReadsKnownOnes()
    {
        var q = Read("""{"id":"q1","dataset":"d","model":"m","target":"18","future":{"x":1},"samples":[{"answer":"$18","tokens":95,"correct":true,"reward":0.5,"text":"so 18","probe_answers":["18"]}]}""").Single();
        Assert.Equal("q1", q.Id);
        Assert.Equal("18", q.Target);
        var s = Assert.Single(q.Samples);
        Assert.Equal(new TraceSample("$18", 95, true, 0.5, "so 18"), s);
    }

    [Fact]
    public void ReadNumbered_GivesEachQuestionItsLineCountingBlankLines()
    {
        var lines = TraceReader.ReadNumbered(new StringReader("\n{\"id\":\"a\",\"samples\":[]}\n\n{\"id\":\"b\",\"samples\":[]}\n"), "t.jsonl").ToList();
        Assert.Equal([(2, "a"), (4, "b")], lines.Select(l => (l.Line, l.Question.Id)));
    }

    [Fact]
    public void Read_ADirectory_SaysItIsADirectoryAndNamesATraceInIt()
    {
        var directory = Directory.CreateTempSubdirectory("dynasor-traces-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "gsm8k.jsonl"), "");
            var error = Assert.Throws<IOException>(() => TraceReader.Read(directory).ToList());
            Assert.Contains($"trace '{directory}' is a directory", error.Message);
            Assert.Contains(Path.Combine(directory, "gsm8k.jsonl"), error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Read_BlankLinesAndNullTarget_AreAccepted()
    {
        var questions = Read("\n{\"id\":\"a\",\"target\":null,\"samples\":[]}\n\n{\"id\":\"b\",\"target\":7,\"samples\":[{\"answer\":\"7\",\"tokens\":1}]}\n");
        Assert.Equal(2, questions.Count);
        Assert.Null(questions[0].Target);
        Assert.Equal("7", questions[1].Target);
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "expected a JSON object")]
    [InlineData("{\"samples\":[]}", "missing 'id'")]
    [InlineData("{\"id\":\"x\"}", "missing 'samples'")]
    [InlineData("{\"id\":\"x\",\"samples\":[{\"answer\":\"1\"}]}", "samples[0].tokens is missing")]
    [InlineData("{\"id\":\"x\",\"samples\":[{\"answer\":\"1\",\"tokens\":-3}]}", "non-negative integer")]
    [InlineData("{\"id\":\"x\",\"samples\":[{\"answer\":\"1\",\"tokens\":3,\"correct\":\"yes\"}]}", "samples[0].correct must be true or false")]
    [InlineData("{\"id\":\"x\",\"samples\":[{\"answer\":\"1\",\"tokens\":3,\"reward\":1.5}]}", "reward must be a number in [0, 1]")]
    [InlineData("{\"id\":\"x\",\"samples\":[{\"answer\":[1],\"tokens\":3}]}", "samples[0].answer must be a string")]
    public void Read_MalformedLine_NamesFileLineAndProblem(string badLine, string problem)
    {
        var text = "{\"id\":\"ok\",\"samples\":[]}\n" + badLine + "\n";
        var e = Assert.Throws<TraceFormatException>(() => Read(text));
        Assert.Equal("t.jsonl", e.Source);
        Assert.Equal(2, e.Line);
        Assert.StartsWith("t.jsonl:2: ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Read_DuplicateId_IsAnError()
    {
        var e = Assert.Throws<TraceFormatException>(() => Read("{\"id\":\"a\",\"samples\":[]}\n{\"id\":\"a\",\"samples\":[]}"));
        Assert.Contains("duplicate id 'a'", e.Message);
    }

    [Fact]
    public void Read_MissingFile_NamesThePath()
    {
        var e = Assert.Throws<FileNotFoundException>(() => TraceReader.Read("/no/such/trace.jsonl"));
        Assert.Contains("/no/such/trace.jsonl", e.Message);
    }

    [SkippableFact]
    public void Read_EverySharedTrace_ParsesWithExpectedShape()
    {
        Skip.IfNot(SharedTraces.Available, SharedTraces.SkipReason);
        var gsm8k = TraceReader.Read(SharedTraces.PathOf("gsm8k.gpt-4o-mini.jsonl")).ToList();
        Assert.Equal(1318, gsm8k.Count);
        Assert.All(gsm8k, q => Assert.Equal(40, q.Samples.Count));
        var math = TraceReader.Read(SharedTraces.PathOf("math.qwen2.5-math.jsonl")).ToList();
        Assert.Equal(100, math.Count);
        Assert.All(math.SelectMany(q => q.Samples), s => Assert.NotNull(s.Reward));
    }
}
