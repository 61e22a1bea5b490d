using System.Globalization;

namespace Dynasor.LoadGen;

/// <summary>Prints a run's table, what each group adds over the direct one, and Dynasor against nginx.</summary>
internal static class LoadReport
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <param name="rows">Every group, the direct one (the baseline) first.</param>
    /// <param name="dynasor">The group through Dynasor; null in an A/A run.</param>
    /// <param name="nginx">The group through nginx; null when nginx is skipped.</param>
    public static void Print(IReadOnlyList<PhaseResult> rows, PhaseResult? dynasor, PhaseResult? nginx)
    {
        var direct = rows[0];
        Console.WriteLine();
        Console.WriteLine($"{"path",-16} {"TTFT mean",10} {"TTFT p50",10} {"TTFT p99",10} {"ITL p50",10} {"ITL p99",10} {"tokens",9} {"CPU ms/1K tok",14}");
        foreach (var p in rows)
            Console.WriteLine(string.Create(Culture, $"{p.Name,-16} {p.TtftMean,10:F2} {p.Ttft(0.5),10:F2} {p.Ttft(0.99),10:F2} {p.Itl(0.5),10:F3} {p.Itl(0.99),10:F3} {p.Tokens,9} {p.CpuMsPer1KTokens,14:F1}"));
        foreach (var p in rows.Skip(1))
            Console.WriteLine($"added {p.Name} vs direct: TTFT mean {Signed(p.TtftMean - direct.TtftMean, 2)} ms, p50 {Signed(p.Ttft(0.5) - direct.Ttft(0.5), 2)} ms, "
                + $"p99 {Signed(p.Ttft(0.99) - direct.Ttft(0.99), 2)} ms; ITL p50 {Signed(p.Itl(0.5) - direct.Itl(0.5), 3)} ms, "
                + $"p99 {Signed(p.Itl(0.99) - direct.Itl(0.99), 3)} ms{(p == nginx ? "" : " (target: p99 < 1 ms)")}");
        if (dynasor is not null && nginx is not null)
        {
            // CPU ms per 1K tokens is CPU µs per token.
            var (d, n) = (dynasor.CpuMsPer1KTokens, nginx.CpuMsPer1KTokens);
            Console.WriteLine(string.Create(Culture, $"Dynasor CPU per token / nginx CPU per token = {d / n:F2} x (target: <= 2x); Dynasor {d:F1} us, nginx {n:F1} us per token relayed"));
            // (Dynasor - direct) - (nginx - direct): the direct group cancels, but the target is stated as a difference of added delays.
            var ttft = (dynasor.TtftMean - direct.TtftMean) - (nginx.TtftMean - direct.TtftMean);
            Console.WriteLine($"TTFT added vs nginx: mean {Signed(ttft, 2)} ms (target: <= 0.5 ms)");
            Console.WriteLine($"ITL added vs nginx: p50 {Signed(dynasor.Itl(0.5) - nginx.Itl(0.5), 3)} ms, p99 {Signed(dynasor.Itl(0.99) - nginx.Itl(0.99), 3)} ms");
        }
        else if (nginx is not null)
            Console.WriteLine("(A/A run: no group through Dynasor, so no Dynasor vs nginx lines)");
        Console.WriteLine("(CPU: for a direct group the engine process per token it generated; for a proxy its own processes per token it "
            + "relayed: Dynasor's one process, nginx's master and worker)");
    }

    private static string Signed(double value, int decimals) => (value < 0 ? "-" : "+") + Math.Abs(value).ToString("F" + decimals, Culture);
}
