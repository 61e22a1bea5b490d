using System.Globalization;
using System.Text;
using System.Text.Json;
using Dynasor.Cot;
using Spectre.Console;

namespace Dynasor.Cli.Output;

/// <summary>Prints Dynasor-CoT replay results (<c>replay --mode cot</c>) as a table, exactly one JSON document, or CSV.</summary>
internal static class CotResultWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(TextWriter output, IReadOnlyList<CotReplayResult> results, IReadOnlyList<(string Trace, LiveCheck Check)> checks, ResultFormat format)
    {
        switch (format)
        {
            case ResultFormat.Json:
                output.WriteLine(Json(results, checks));
                break;
            case ResultFormat.Csv:
                output.Write(Csv(results));
                break;
            default:
                foreach (var (trace, check) in checks.Where(c => c.Check.Checked > 0))
                    output.WriteLine(LiveLine(trace, check));
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
                if (Console.IsOutputRedirected || output != Console.Out)
                    console.Profile.Width = 240;
                console.Write(Table(results));
                output.WriteLine("tokens/chain = exit position + the answer's probe tokens, or the whole chain; saving vs end = 1 - tokens / tokens of running every chain to its end.");
                if (results.Any(r => !r.Labelled))
                    output.WriteLine("agreement = the exit's answer equals the chain's own final answer (the trace has no gold answers), not accuracy.");
                if (results.FirstOrDefault(r => r.CutLive > 0) is { } cut)
                    output.WriteLine($"{cut.CutLive} chains were cut live by an exit and are left out (what a later exit would cost is not recorded); record with \"window\":1000 to keep chains whole.");
                break;
        }
    }

    /// <summary>One line: how many recorded chains the offline rule replays to the live decision.</summary>
    public static string LiveLine(string trace, LiveCheck check) =>
        $"live check on {trace}: the offline rule, run with each chain's own k and T, reproduces the live decision on {check.Matched} of {check.Checked} chains "
        + $"({check.LiveExits} exited live){(check.Mismatches.Count == 0 ? "" : "; differing: " + string.Join("; ", check.Mismatches))}";

    public static string Json(IReadOnlyList<CotReplayResult> results, IReadOnlyList<(string Trace, LiveCheck Check)> checks)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("mode", "cot");
            json.WriteStartArray("live_checks");
            foreach (var (trace, check) in checks)
            {
                json.WriteStartObject();
                json.WriteString("trace", trace);
                json.WriteNumber("checked", check.Checked);
                json.WriteNumber("matched", check.Matched);
                json.WriteNumber("live_exits", check.LiveExits);
                json.WriteStartArray("mismatches");
                foreach (var m in check.Mismatches)
                    json.WriteStringValue(m);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("results");
            foreach (var r in results)
            {
                json.WriteStartObject();
                json.WriteString("trace", r.Trace);
                json.WriteString("policy", r.Policy);
                json.WriteNumber("chains", r.Chains);
                json.WriteNumber("cut_live", r.CutLive);
                json.WriteNumber("exits", r.Exits);
                json.WriteString("measured", Measured(r));
                json.WriteNumber("accuracy", Math.Round(r.Accuracy, 6));
                json.WriteNumber("tokens_per_chain", Math.Round(r.TokensPerChain, 2));
                json.WriteNumber("chain_tokens_per_chain", Math.Round(r.ChainTokensPerChain, 2));
                json.WriteNumber("token_saving_vs_chain_end", Math.Round(r.SavingVsChainEnd, 6));
                json.WriteNumber("probes_per_chain", Math.Round(r.ProbesPerChain, 4));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string Csv(IReadOnlyList<CotReplayResult> results)
    {
        var csv = new StringBuilder("trace,policy,chains,cut_live,exits,measured,accuracy,tokens_per_chain,chain_tokens_per_chain,token_saving_vs_chain_end,probes_per_chain\n");
        foreach (var r in results)
        {
            csv.Append(Quote(r.Trace)).Append(',').Append(Quote(r.Policy)).Append(',')
               .AppendJoin(',', new[] { r.Chains, r.CutLive, r.Exits }.Select(n => n.ToString(Inv))).Append(',').Append(Measured(r)).Append(',')
               .AppendJoin(',', new[] { r.Accuracy, r.TokensPerChain, r.ChainTokensPerChain, r.SavingVsChainEnd, r.ProbesPerChain }.Select(v => v.ToString("0.######", Inv)))
               .Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>One row per trace, policy and evaluated chain: whether it exited, where, with which answer, and whether that was right.</summary>
    public static string PerChainCsv(IReadOnlyList<CotReplayResult> results)
    {
        var csv = new StringBuilder("trace,policy,chain,exited,chain_tokens,tokens,answer,correct\n");
        foreach (var r in results)
        {
            for (var i = 0; i < r.ChainIds.Count; i++)
            {
                var o = r.Outcomes[i];
                csv.Append(Quote(r.Trace)).Append(',').Append(Quote(r.Policy)).Append(',').Append(Quote(r.ChainIds[i])).Append(',')
                   .Append(o.Exited ? "true" : "false").Append(',').Append(o.ChainTokens.ToString(Inv)).Append(',').Append(o.Tokens.ToString(Inv)).Append(',')
                   .Append(Quote(o.Answer)).Append(',').Append(r.Correct[i] ? "true" : "false").Append('\n');
            }
        }
        return csv.ToString();
    }

    public static Table Table(IReadOnlyList<CotReplayResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded);
        var measure = results.All(r => r.Labelled) ? "accuracy" : results.All(r => !r.Labelled) ? "agreement" : "accuracy / agreement";
        foreach (var column in new[] { "trace", "policy", "chains", "exits", measure, "tokens/chain", "saving vs end", "probes/chain" })
            table.AddColumn(new TableColumn(column));
        foreach (var column in table.Columns.Skip(2))
            column.RightAligned();
        foreach (var r in results)
        {
            table.AddRow(
                Markup.Escape(r.Trace),
                Markup.Escape(r.Policy),
                r.Chains.ToString(Inv),
                r.Exits.ToString(Inv),
                (r.Accuracy * 100).ToString("0.00", Inv) + "%",
                r.TokensPerChain.ToString("0.0", Inv),
                SavingFormat.Percent(r.SavingVsChainEnd),
                r.ProbesPerChain.ToString("0.00", Inv));
        }
        return table;
    }

    private static string Measured(CotReplayResult r) => r.Labelled ? "accuracy" : "agreement";

    private static string Quote(string s) =>
        s.Contains(',') || s.Contains('"') || s.Contains('\n') || s.Contains('\r') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
