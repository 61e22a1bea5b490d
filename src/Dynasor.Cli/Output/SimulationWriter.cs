using System.Globalization;
using System.Text;
using System.Text.Json;
using Dynasor.Simulation;
using Spectre.Console;

namespace Dynasor.Cli.Output;

/// <summary>Prints simulation results and their summary as two tables or exactly one JSON document.</summary>
internal static class SimulationWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(TextWriter output, IReadOnlyList<SimulationResult> results, IReadOnlyList<SimulationSummary> summary, bool json)
    {
        if (json)
        {
            output.WriteLine(Json(results, summary));
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (Console.IsOutputRedirected || output != Console.Out)
            console.Profile.Width = 240;
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in new[] { "allocation", "scheduler", "rate/s", "slo", "programs", "attain", "mean lat s", "p90 lat s", "accuracy", "tokens/prog", "engine tok/s", "ftf ms/tok" })
            table.AddColumn(new TableColumn(c));
        foreach (var column in table.Columns.Skip(2))
            column.RightAligned();
        foreach (var r in results)
        {
            table.AddRow(Markup.Escape(r.Allocation), Markup.Escape(r.Scheduler), N(r.Rate, "0.###"), N(r.SloScale, "0.###"), r.Programs.ToString(Inv),
                N(r.Attainment * 100, "0.0") + "%", N(r.MeanLatency, "0.0"), N(r.P90Latency, "0.0"), N(r.Accuracy * 100, "0.0") + "%",
                N(r.TokensPerProgram, "0"), N(r.TokenThroughput, "0"), N(r.FinishTimeFairness, "0.0"));
        }
        console.Write(table);
        var sum = new Table().Border(TableBorder.Rounded);
        foreach (var c in new[] { "allocation", "scheduler", "max rate at 90%", "(at slo)", "min slo scale at 90%", "(at rate)" })
            sum.AddColumn(new TableColumn(c));
        foreach (var s in summary)
            sum.AddRow(Markup.Escape(s.Allocation), Markup.Escape(s.Scheduler), MaxRate(s), N(s.RateSloScale, "0.###"), MinSloScale(s), N(s.SloRate, "0.###"));
        console.Write(sum);
        if (summary.Any(s => s.MaxRateIsTopOfGrid))
            output.WriteLine("'top of the grid': 90% was reached at the highest rate tried, so the limit may be higher; raise --rate's TO to find it.");
        if (summary.Any(s => s.MinSloScaleIsBottomOfGrid))
            output.WriteLine("'bottom of the grid': 90% was reached at the lowest SLO scale tried, so the limit may be tighter; try lower --slo-scale values to find it.");
    }

    /// <summary>The highest rate at 90% attainment, <c>&gt;= X (top of the grid)</c> when it is the highest rate swept, or <c>none</c>.</summary>
    public static string MaxRate(SimulationSummary s) =>
        s.MaxRateAt90 is not { } m ? "none" : s.MaxRateIsTopOfGrid ? $">= {N(m, "0.###")} (top of the grid)" : N(m, "0.###");

    /// <summary>The tightest SLO scale at 90% attainment, <c>&lt;= X (bottom of the grid)</c> when it is the lowest scale swept, or <c>none</c>.</summary>
    public static string MinSloScale(SimulationSummary s) =>
        s.MinSloScaleAt90 is not { } x ? "none" : s.MinSloScaleIsBottomOfGrid ? $"<= {N(x, "0.###")} (bottom of the grid)" : N(x, "0.###");

    /// <summary>
    /// <c>{"results":[...],"summary":[...]}</c>: the fields of issue 4 §4, plus <c>token_throughput_per_s</c> (engine
    /// output tokens per second) and <c>finish_time_fairness_ms_per_token</c>; a summary value is null when no swept
    /// point reached 90%, and <c>max_rate_at_90_is_top_of_grid</c> (<c>min_slo_scale_at_90_is_bottom_of_grid</c>) says it is
    /// only a bound: the highest rate (lowest scale) swept.
    /// </summary>
    public static string Json(IReadOnlyList<SimulationResult> results, IReadOnlyList<SimulationSummary> summary)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("results");
            foreach (var r in results)
            {
                json.WriteStartObject();
                json.WriteString("allocation", r.Allocation);
                json.WriteString("scheduler", r.Scheduler);
                json.WriteNumber("rate", r.Rate);
                json.WriteNumber("slo_scale", r.SloScale);
                json.WriteNumber("programs", r.Programs);
                Number(json, "attainment", r.Attainment, 4);
                Number(json, "mean_latency_s", r.MeanLatency, 3);
                Number(json, "p90_latency_s", r.P90Latency, 3);
                Number(json, "accuracy", r.Accuracy, 4);
                Number(json, "tokens_per_program", r.TokensPerProgram, 1);
                Number(json, "token_throughput_per_s", r.TokenThroughput, 1);
                Number(json, "finish_time_fairness_ms_per_token", r.FinishTimeFairness, 3);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("summary");
            foreach (var s in summary)
            {
                json.WriteStartObject();
                json.WriteString("allocation", s.Allocation);
                json.WriteString("scheduler", s.Scheduler);
                if (s.MaxRateAt90 is { } m) json.WriteNumber("max_rate_at_90", m); else json.WriteNull("max_rate_at_90");
                json.WriteBoolean("max_rate_at_90_is_top_of_grid", s.MaxRateIsTopOfGrid);
                if (s.MinSloScaleAt90 is { } x) json.WriteNumber("min_slo_scale_at_90", x); else json.WriteNull("min_slo_scale_at_90");
                json.WriteBoolean("min_slo_scale_at_90_is_bottom_of_grid", s.MinSloScaleIsBottomOfGrid);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Number(Utf8JsonWriter json, string name, double value, int digits)
    {
        if (double.IsFinite(value))
            json.WriteNumber(name, Math.Round(value, digits));
        else
            json.WriteNull(name);
    }

    private static string N(double value, string format) => double.IsFinite(value) ? value.ToString(format, Inv) : "n/a";
}
