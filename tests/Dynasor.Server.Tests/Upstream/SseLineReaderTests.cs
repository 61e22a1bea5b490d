using System.Text;
using Dynasor.Server.Upstream;

namespace Dynasor.Server.Tests.Upstream;

public sealed class SseLineReaderTests
{
    public static TheoryData<string> Inputs => new()
    {
        "data: {\"a\":1}\n\ndata: [DONE]\n\n",
        "data: one\r\n\r\ndata: two\r\n",
        "data: cr\rdata: only\r\rlast",
        "no final line end",
        "\uFEFFdata: after a byte order mark\n",
        "data: é🙂\n: comment\nevent: x\n\n",
        "data: " + new string('y', 40_000) + "\ndata: after a long line\n",
        "",
        "\n\n\n",
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task ReadLines_AnySplitOfTheBytes_SameLinesAsStreamReader(string input)
    {
        var bytes = Encoding.UTF8.GetBytes(input);
        var expected = await StreamReaderLinesAsync(bytes);
        foreach (var piece in new[] { 1, 2, 3, 7, 4096, int.MaxValue })
            Assert.Equal(expected, await LinesAsync(new PieceStream(bytes, piece)));
    }

    private static async Task<List<string>> LinesAsync(Stream stream)
    {
        using var reader = new SseLineReader(stream);
        var lines = new List<string>();
        while (true)
        {
            while (TryLine(reader, out var line))
                lines.Add(line);
            if (!await reader.FillAsync(CancellationToken.None))
                return lines;
        }
    }

    private static bool TryLine(SseLineReader reader, out string line)
    {
        var found = reader.TryReadLine(out var bytes);
        line = found ? Encoding.UTF8.GetString(bytes) : "";
        return found;
    }

    private static async Task<List<string>> StreamReaderLinesAsync(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes));
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
            lines.Add(line);
        return lines;
    }

    // Hands out at most `piece` bytes a read, as a socket may.
    private sealed class PieceStream(byte[] bytes, int piece) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, piece)], cancellationToken);
    }
}
