using System.Globalization;
using System.Text;
using System.Text.Json;
using Dynasor.Cli.Output;
using Spectre.Console;

namespace Dynasor.Cli.Commands;

/// <summary>Prints <c>dynasor eval</c>'s rows as a table or as one JSON document.</summary>
internal static class EvalWriter
{
    public static void Write(TextWriter output, EvalPlan plan, IReadOnlyList<EvalSummary> rows)
    {
        if (plan.Format == ResultFormat.Json)
        {
            output.WriteLine(Json(plan, rows));
            return;
        }
        var search = plan.Program is not null;
        var spread = plan.Seeds > 1;
        var columns = new List<(string Name, Func<EvalSummary, string> Cell)>
        {
            ("mode", r => r.First.Mode),
            ("setting", r => Markup.Escape(r.First.Setting)),
            ("accuracy", r => Pct(r.Accuracy.Mean) + Pm(r.Accuracy.Std, v => (v * 100).ToString("0.0", CultureInfo.InvariantCulture))),
            ("upstream tok/q", r => Num(r.UpstreamTokens.Mean) + Pm(r.UpstreamTokens.Std, Num)),
            ("client tok/q", r => Num(r.CompletionTokens.Mean)),
            ("saving vs baseline", r => SavingFormat.Percent(r.Saving.Mean) + Pm(r.Saving.Std, v => (v * 100).ToString("0.0", CultureInfo.InvariantCulture))),
        };
        if (search || spread)
            columns.Add(("acc vs baseline", r => Points(r.AccuracyVsBaseline.Mean) + Pm(r.AccuracyVsBaseline.Std, v => (v * 100).ToString("0.0", CultureInfo.InvariantCulture))));
        if (search)
        {
            columns.Add(("saving at equal acc", r => r.SavingAtEqualAccuracy is { } s ? SavingFormat.Percent(s) : ""));
            columns.Add(("reward tok/q", r => r.First.RewardTokens is { } t ? Num(t) : ""));
            columns.Add(("steps/q", r => r.First.Steps is { } t ? Num(t) : ""));
            columns.Add((plan.Program == "mcts" ? "iterations/q" : plan.Program == "rebase" ? "solutions/q" : "samples/q", r => Two(r.First.Samples)));
        }
        else
        {
            columns.Add(("exited early", r => r.First.ExitedEarly is { } e ? Pct(e) : ""));
            columns.Add(("samples/q", r => Two(r.First.Samples)));
        }
        var table = new Table().AddColumns(columns.Select(c => c.Name).ToArray());
        foreach (var row in rows)
            table.AddRow(columns.Select(c => c.Cell(row)).ToArray());
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (Console.IsOutputRedirected || output != Console.Out)
            console.Profile.Width = 240;
        console.Write(table);
        output.WriteLine(Footer(plan, rows));
    }

    /// <summary>
    /// <c>{"questions":..,"seed":..,"engine":..,"results":[...]}</c>, snake_case fields, fractions for shares. Several seeds
    /// add <c>seeds</c> and, per row, the standard deviations over seeds (<c>*_std</c>); a reward-guided program adds <c>caps</c>.
    /// </summary>
    public static string Json(EvalPlan plan, IReadOnlyList<EvalSummary> rows)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("questions", plan.Questions);
            json.WriteNumber("seed", plan.Seed);
            if (plan.Seeds > 1)
            {
                json.WriteStartArray("seeds");
                foreach (var seed in plan.SeedList)
                    json.WriteNumberValue(seed);
                json.WriteEndArray();
            }
            json.WriteString("engine", plan.Engine);
            if (plan.Program is not null)
            {
                json.WriteStartArray("caps");
                foreach (var cap in plan.Caps)
                    json.WriteNumberValue(cap);
                json.WriteEndArray();
            }
            json.WriteStartArray("results");
            foreach (var row in rows)
                WriteRow(json, row, plan.Program is not null || plan.Seeds > 1);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteRow(Utf8JsonWriter json, EvalSummary row, bool gap)
    {
        var line = row.First;
        json.WriteStartObject();
        json.WriteString("mode", line.Mode);
        json.WriteString("setting", line.Setting);
        Stat(json, "accuracy", row.Accuracy, 6);
        Stat(json, "upstream_tokens_per_question", row.UpstreamTokens, 2);
        json.WriteNumber("completion_tokens_per_question", Math.Round(row.CompletionTokens.Mean, 2));
        Stat(json, "token_saving_vs_baseline", row.Saving, 6);
        if (gap)
            Stat(json, "accuracy_vs_baseline", row.AccuracyVsBaseline, 6);
        if (row.SavingAtEqualAccuracy is { } equal)
            json.WriteNumber("token_saving_at_equal_accuracy", Math.Round(equal, 6));
        if (line.ExitedEarly is { } e)
            json.WriteNumber("exited_early", Math.Round(e, 6));
        if (line.Samples is { } s)
            json.WriteNumber("samples_per_question", Math.Round(s, 4));
        if (line.RewardTokens is { } r)
            json.WriteNumber("reward_tokens_per_question", Math.Round(r, 2));
        if (line.Steps is { } steps)
            json.WriteNumber("steps_per_question", Math.Round(steps, 4));
        json.WriteEndObject();
    }

    private static void Stat(Utf8JsonWriter json, string name, EvalStat stat, int digits)
    {
        json.WriteNumber(name, Math.Round(stat.Mean, digits));
        if (stat.Std is { } std)
            json.WriteNumber(name + "_std", Math.Round(std, digits));
    }

    private static string Footer(EvalPlan plan, IReadOnlyList<EvalSummary> rows)
    {
        var baselines = string.Join(", ", rows.Where(r => r.First.Baseline).Select(r => $"{(r.First.Mode == "off" ? "off" : r.First.Setting)} for {r.First.Family}"));
        var seeds = plan.Seeds > 1 ? $"seeds {plan.Seed}..{plan.Seed + plan.Seeds - 1} (± is the standard deviation over seeds)" : $"seed {plan.Seed}";
        var text = $"{plan.Questions} questions, {seeds}, engine {plan.Engine}; saving = 1 - upstream tokens / baseline's ({baselines}), positive when tokens were saved.";
        if (plan.Program is not null)
            text += " Acc vs baseline in points; saving at equal acc against the even rows' curve, empty where the accuracy lies outside it.";
        return text;
    }

    private static string Pm(double? std, Func<double, string> format) => std is { } s ? " ± " + format(s) : "";

    private static string Pct(double v) => v.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Points(double v) => (v * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pt";

    private static string Num(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Two(double? v) => v is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "";
}
