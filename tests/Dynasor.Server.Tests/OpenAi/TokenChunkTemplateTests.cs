using System.Buffers;
using System.Text;
using System.Text.Json;
using Dynasor.Server.Modes;
using Dynasor.Server.OpenAi;

namespace Dynasor.Server.Tests.OpenAi;

public sealed class TokenChunkTemplateTests
{
    private static readonly string[] Texts = ["", " the", "\"quoted\"", "back\\slash", "line\nbreak\ttab", "é", "🙂", "<b>&'+", "\u0001\u001f", "\u2028", new string('x', 5000)];

    public static TheoryData<bool, string, int> Shapes => new()
    {
        { true, "reasoning_content", 0 },
        { true, "reasoning", 3 },
        { false, "reasoning_content", 12 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Write_AnyText_SameBytesAsGeneralChunk(bool chat, string reasoningField, int index)
    {
        var context = new ResponseContext("chatcmpl-\"odd\"id", 1_700_000_000, "mödel/<7b>", chat, reasoningField, IncludeDynasor: true);
        var template = new TokenChunkTemplate(context);
        foreach (var text in Texts)
        {
            foreach (var reasoning in new[] { null, "", "hmm \"so\"", text })
            {
                var e = new ModeEvent(text, reasoning, 1);

                Assert.Equal(General(context, index, e), Fast(template, index, e));
            }
        }
    }

    [Fact]
    public void Write_SeededRandomText_SameBytesAsGeneralChunk()
    {
        var random = new Random(7);
        var context = new ResponseContext("chatcmpl-abc", 1, "m", true, "reasoning_content", IncludeDynasor: false);
        var template = new TokenChunkTemplate(context);
        for (var i = 0; i < 300; i++)
        {
            var chars = Enumerable.Range(0, random.Next(0, 12)).Select(_ => (char)random.Next(0, 0x3000)).Where(c => !char.IsSurrogate(c)).ToArray();
            var e = new ModeEvent(new string(chars), i % 2 == 0 ? null : new string(chars.Reverse().ToArray()), 1);

            Assert.Equal(General(context, i, e), Fast(template, i, e));
        }
    }

    private static string General(ResponseContext context, int index, ModeEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
            ResponseJson.Chunk(json, context, index, e, first: false, dynasor: null);
        return "data: " + Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n\n";
    }

    private static string Fast(TokenChunkTemplate template, int index, ModeEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer);
        template.Write(buffer, json, index, e.Text, e.Reasoning);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
