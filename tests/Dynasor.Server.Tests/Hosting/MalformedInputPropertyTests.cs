using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dynasor.Server.Tests.Fakes;
using FsCheck;
using FsCheck.Fluent;

namespace Dynasor.Server.Tests.Hosting;

/// <summary>
/// Malformed input as a tested class: arbitrary bytes, and arbitrary JSON built from the API's own field names with
/// hostile values (huge numbers, wrong types, invalid UTF-8, lone surrogates), sent to both completion routes. Whatever
/// comes, the answer is never a 5xx, and every 4xx carries OpenAI's error object. Seeded: the same cases every run.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MalformedInputPropertyTests(ServerFixture servers)
{
    private const string Bad = "@@BAD@@";

    private static readonly string[] Names =
    [
        "model", "messages", "role", "content", "prompt", "stream", "stream_options", "include_usage", "n", "max_tokens",
        "max_completion_tokens", "temperature", "top_p", "seed", "stop", "dynasor", "mode", "effort", "policy", "max_samples",
        "probe_interval", "window", "probe_max_tokens", "probe_tail_tokens", "deadline_ms", "continue_final_message",
        "add_generation_prompt", "tools", "tool_choice", "response_format", "logprobs", "type", "text", "image_url",
        "reasoning_content", "x",
    ];

    private static readonly string[] Strings =
    [
        "m", "user", "assistant", "system", "robot", "off", "cot", "sc", "bogus", "mid", "settle", "ac:confidence=0.95",
        "nonsense:x=1", "@../etc/passwd", "@missing.json", "text", "", "What is 6*7?", "\\ud800", "\\udfff\\ud800", Bad,
    ];

    private static readonly string[] Numbers = ["0", "1", "-1", "2", "16", "1000", "1001", "2147483648", "99999999999", "1e30", "-0.5", "0.7", "NaN"];

    private static Gen<string> Value(int depth)
    {
        var leaves = Gen.OneOf(
            Gen.Elements("null", "true", "false"),
            Gen.Elements(Numbers),
            Gen.Elements(Strings).Select(s => "\"" + s + "\""));
        if (depth == 0)
            return leaves;
        var array = Value(depth - 1).ListOf().Select(items => "[" + string.Join(",", items.Take(4)) + "]");
        var obj = Gen.Zip(Gen.Elements(Names), Value(depth - 1)).ListOf()
            .Select(fields => "{" + string.Join(",", fields.Take(6).Select(f => $"\"{f.Item1}\":{f.Item2}")) + "}");
        return Gen.Frequency((3, leaves), (1, array), (2, obj));
    }

    // A request-shaped object most of the time (so the parser gets past the first field), any JSON otherwise.
    private static readonly Gen<byte[]> Bodies = Gen.Frequency(
        (6, Gen.Zip(Gen.Elements(Names), Value(3)).ListOf().Select(fields =>
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]" + string.Concat(fields.Take(5).Select(f => $",\"{f.Item1}\":{f.Item2}")) + "}")
            .Select(Encode)),
        (2, Value(4).Select(Encode)),
        (1, ArbMap.Default.GeneratorFor<byte[]>()));

    // Text to bytes, with the marker replaced by bytes that are not UTF-8.
    private static byte[] Encode(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var marker = Encoding.UTF8.GetBytes(Bad);
        var output = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes.AsSpan(i).StartsWith(marker))
            {
                output.AddRange([0xFF, 0xFE, 0xC3]);
                i += marker.Length - 1;
            }
            else
                output.Add(bytes[i]);
        }
        return [.. output];
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/completions")]
    public void AnyBody_NeverA5xx_EveryRefusalAnOpenAiError(string route)
    {
        Prop.ForAll(Arb.From(Bodies), body =>
        {
            var (status, text) = Send(servers.Url + route, body);
            Assert.True(status < 500, $"{status} for {Encoding.UTF8.GetString(body)}: {text}");
            if (status >= 400)
            {
                var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
                Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
                Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
            }
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300).WithReplay(11, 0x9E37_79B9_7F4A_7C15UL));
    }

    private static (int Status, string Body) Send(string url, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = Http.Client.Send(request);
        return ((int)response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }
}
