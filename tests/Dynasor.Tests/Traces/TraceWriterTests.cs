using System.Text;
using System.Text.Json;
using Dynasor.Traces;
using Xunit;

namespace Dynasor.Tests.Traces;

public class TraceWriterTests
{
    private static readonly TraceQuestion Full = new(
        "gsm8k/0",
        "gsm8k",
        "gpt-4o-mini",
        "18",
        [
            new TraceSample("18", 107, Correct: true, Reward: 0.875, Text: "Janet sells 16 - 3 - 4 = 9 eggs; 9 * $2 = $18.\n\"done\" ≥ é"),
            new TraceSample("$18", 95, Correct: true),
            new TraceSample("", 0, Correct: false),
        ]);

    private static readonly TraceQuestion Sparse = new("q/1", null, null, null, [new TraceSample("7", 12)]);

    [Fact]
    public void Write_FullQuestion_WritesFormatFieldNamesAndValues()
    {
        var lines = Lines(WriteAll(Full));

        Assert.Single(lines);
        using var doc = JsonDocument.Parse(lines[0]);
        var root = doc.RootElement;
        Assert.Equal(["id", "dataset", "model", "target", "samples"], Names(root));
        Assert.Equal("gsm8k/0", root.GetProperty("id").GetString());
        Assert.Equal("gsm8k", root.GetProperty("dataset").GetString());
        Assert.Equal("gpt-4o-mini", root.GetProperty("model").GetString());
        Assert.Equal("18", root.GetProperty("target").GetString());

        var samples = root.GetProperty("samples").EnumerateArray().ToArray();
        Assert.Equal(3, samples.Length);
        Assert.Equal(["answer", "tokens", "correct", "reward", "text"], Names(samples[0]));
        Assert.Equal("18", samples[0].GetProperty("answer").GetString());
        Assert.Equal(107, samples[0].GetProperty("tokens").GetInt32());
        Assert.True(samples[0].GetProperty("correct").GetBoolean());
        Assert.Equal(0.875, samples[0].GetProperty("reward").GetDouble());
        Assert.Equal(Full.Samples[0].Text, samples[0].GetProperty("text").GetString());
        Assert.Equal(["answer", "tokens", "correct"], Names(samples[1]));
        Assert.Equal("$18", samples[1].GetProperty("answer").GetString());
        Assert.Equal("", samples[2].GetProperty("answer").GetString());
        Assert.Equal(0, samples[2].GetProperty("tokens").GetInt32());
        Assert.False(samples[2].GetProperty("correct").GetBoolean());
    }

    [Fact]
    public void Write_NullOptionalFields_OmitsThem()
    {
        var lines = Lines(WriteAll(Sparse));

        using var doc = JsonDocument.Parse(lines[0]);
        Assert.Equal(["id", "samples"], Names(doc.RootElement));
        var sample = doc.RootElement.GetProperty("samples")[0];
        Assert.Equal(["answer", "tokens"], Names(sample));
        Assert.DoesNotContain("null", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SeveralQuestions_OneCompactLinePerQuestionWithLfAndNoBom()
    {
        var bytes = WriteAll(Full, Sparse, Full with { Id = "gsm8k/2" });

        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no byte-order mark");
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.DoesNotContain((byte)'\r', bytes);
        var text = Encoding.UTF8.GetString(bytes);
        var lines = Lines(bytes);
        Assert.Equal(3, lines.Length);
        Assert.Equal(3, text.Count(c => c == '\n'));
        Assert.Equal(["gsm8k/0", "q/1", "gsm8k/2"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
        // Compact: no indentation or spaces between tokens (the only spaces are inside the text value).
        Assert.StartsWith("{\"id\":\"gsm8k/0\",\"dataset\":\"gsm8k\",", lines[0], StringComparison.Ordinal);
        // Non-ASCII stays readable UTF-8 rather than \u escapes; the embedded newline is escaped.
        Assert.Contains("≥ é", lines[0], StringComparison.Ordinal);
        Assert.Contains("\\n\\\"done\\\"", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_SameQuestions_SameBytesAsWrite()
    {
        var expected = WriteAll(Full, Sparse);
        using var stream = new MemoryStream();
        await using (var writer = new TraceWriter(stream, leaveOpen: true))
        {
            await writer.WriteAsync(Full);
            await writer.WriteAsync(Sparse);
        }

        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public async Task WriteAsync_CancelledToken_Throws()
    {
        using var stream = new MemoryStream();
        using var writer = new TraceWriter(stream, leaveOpen: true);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WriteAsync(Full, cts.Token).AsTask());
    }

    [Fact]
    public void Ctor_Path_CreatesFileWithLines()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dynasor-tracewriter-{Guid.NewGuid():N}.jsonl");
        try
        {
            using (var writer = new TraceWriter(path))
            {
                writer.Write(Full);
                writer.Write(Sparse);
            }

            Assert.Equal(WriteAll(Full, Sparse), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Dispose_LeaveOpenFalse_DisposesStream()
    {
        var stream = new MemoryStream();
        new TraceWriter(stream).Dispose();

        Assert.False(stream.CanWrite);
    }

    [Fact]
    public void Write_AfterDispose_ThrowsObjectDisposed()
    {
        var writer = new TraceWriter(new MemoryStream());
        writer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => writer.Write(Full));
    }

    [Theory]
    [InlineData(-1, null)]
    [InlineData(5, -0.1)]
    [InlineData(5, 1.5)]
    [InlineData(5, double.NaN)]
    public void Write_UnrepresentableSample_ThrowsArgumentAndWritesNothing(int tokens, double? reward)
    {
        using var stream = new MemoryStream();
        using var writer = new TraceWriter(stream, leaveOpen: true);
        var bad = Sparse with { Samples = [new TraceSample("7", tokens, Reward: reward)] };

        Assert.Throws<ArgumentException>(() => writer.Write(bad));
        writer.Write(Sparse);

        Assert.Equal(WriteAll(Sparse), stream.ToArray());
    }

    private static byte[] WriteAll(params TraceQuestion[] questions)
    {
        using var stream = new MemoryStream();
        using (var writer = new TraceWriter(stream, leaveOpen: true))
        {
            foreach (var question in questions)
            {
                writer.Write(question);
            }
        }

        return stream.ToArray();
    }

    private static string[] Lines(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string[] Names(JsonElement element) =>
        element.EnumerateObject().Select(p => p.Name).ToArray();
}
