using System.Globalization;
using System.Text.RegularExpressions;
using Dynasor.Server.Tests.Fakes;

namespace Dynasor.Server.Tests.Metrics;

/// <summary>One scrape of <c>/metrics</c>, parsed from the Prometheus text format: samples by name and labels.</summary>
internal sealed partial class Scrape
{
    private Scrape(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Types[parts[2]] = parts[3];
                continue;
            }
            if (line.StartsWith('#'))
                continue;
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            Samples.Add((match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The body as served.</summary>
    public string Text { get; }

    /// <summary>Each family's <c># TYPE</c>.</summary>
    public Dictionary<string, string> Types { get; } = [];

    public List<(string Name, Dictionary<string, string> Labels, double Value)> Samples { get; } = [];

    public static async Task<Scrape> GetAsync(string serverUrl)
    {
        using var response = await Http.Client.GetAsync(serverUrl + "/metrics");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        return new Scrape(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The sum of the samples named <paramref name="name"/> that carry every label given; 0 when none does.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        Matching(name, labels).Sum(s => s.Value);

    /// <summary>The one sample named <paramref name="name"/> that carries every label given.</summary>
    public double Value(string name, params (string Key, string Value)[] labels) =>
        Assert.Single(Matching(name, labels)).Value;

    /// <summary>The samples named <paramref name="name"/> that carry every label given.</summary>
    public IEnumerable<(string Name, Dictionary<string, string> Labels, double Value)> Matching(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    [GeneratedRegex("^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?<labels>.*)\\})? (?<value>[^ ]+)( [0-9]+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelPair();
}
