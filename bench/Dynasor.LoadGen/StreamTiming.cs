using System.Diagnostics;
using System.Text;

namespace Dynasor.LoadGen;

/// <summary>Runs one streaming chat request and records when each content token arrived.</summary>
internal static class StreamTiming
{
    /// <summary>Time to first token, the gaps between tokens (ms) and the token count of one stream.</summary>
    public sealed record Result(double TtftMs, List<double> ItlMs, int Tokens);

    public static async Task<Result> RunAsync(HttpClient http, string url, int index, int maxTokens, bool dynasor, CancellationToken cancellationToken)
    {
        var body = $"{{\"model\":\"dynasor-sim\",\"stream\":true,\"max_tokens\":{maxTokens},\"seed\":{index},"
            + $"\"messages\":[{{\"role\":\"user\",\"content\":\"Question {index}: what is {index % 97} times {index % 89 + 3}?\"}}]"
            + (dynasor ? ",\"dynasor\":{\"mode\":\"off\"}}" : "}");
        var start = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, url + "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var gaps = new List<double>(maxTokens);
        double ttft = double.NaN;
        long last = 0;
        var tokens = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal) || !HasContent(line.AsSpan(6)))
                continue;
            var now = Stopwatch.GetTimestamp();
            if (tokens++ == 0)
                ttft = Stopwatch.GetElapsedTime(start, now).TotalMilliseconds;
            else
                gaps.Add(Stopwatch.GetElapsedTime(last, now).TotalMilliseconds);
            last = now;
        }
        return new Result(ttft, gaps, tokens);
    }

    // A string test, not a JSON parse: the generator's own CPU competes with the servers on a small machine.
    private static bool HasContent(ReadOnlySpan<char> json)
    {
        var at = json.IndexOf("\"content\":\"", StringComparison.Ordinal);
        return at >= 0 && json[(at + 11)..] is [not '"', ..];
    }
}
