using System.Text;
using BenchmarkDotNet.Attributes;
using Dynasor.Answers;

namespace Dynasor.Benchmarks;

/// <summary>
/// Cost of extracting, keying and grading answers: typical short answers (what majority vote keys per sample),
/// a typical reasoning text, and 1 MB adversarial inputs whose cost must stay linear.
/// </summary>
[MemoryDiagnoser]
public class AnswerBenchmarks
{
    // Answers in the shapes the reference traces hold.
    private static readonly string[] Answers =
    [
        "18", "$18", "18.0", "160 minutes", "$195,000", "\\frac{1}{2}", "\\dfrac{3}{8}", "12\\frac{3}{5}",
        "50\\%", "(B)", "4a-2", "7\\pi", "\\sqrt{34}+3\\sqrt{10}", "-\\frac{40}{153}", "10{,}000", "error",
    ];

    private string _reasoning = "";
    private string _openBraces = "";
    private string _repeatedBoxes = "";
    private string _digits = "";

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        for (int step = 1; step <= 12; step++)
        {
            text.Append("Step ").Append(step).Append(": we have \\(x_").Append(step)
                .Append(" = \\frac{").Append(step * 7).Append("}{").Append(step + 3).Append("}\\), so the running total is ")
                .Append(step * 13).Append(".\n");
        }

        text.Append("Therefore, the ratio is \\(\\boxed{\\frac{5}{8}}\\).");
        _reasoning = text.ToString();
        _openBraces = new string('{', 1 << 20);
        _repeatedBoxes = Repeat("\\boxed{", 1 << 20);
        _digits = Repeat("1234567890", 1 << 20);
    }

    /// <summary>Keys for a batch of typical short answers.</summary>
    [Benchmark(OperationsPerInvoke = 16)]
    public int KeyTypicalAnswers()
    {
        int total = 0;
        foreach (string answer in Answers)
        {
            total += AnswerKey.Of(answer).Length;
        }

        return total;
    }

    /// <summary>Grades a batch of typical short answers against a LaTeX target.</summary>
    [Benchmark(OperationsPerInvoke = 16)]
    public int GradeTypicalAnswers()
    {
        int correct = 0;
        foreach (string answer in Answers)
        {
            if (AnswerGrader.IsCorrect(answer, "\\frac{1}{2}"))
            {
                correct++;
            }
        }

        return correct;
    }

    /// <summary>Extracts the boxed answer from a ~1 KB reasoning text.</summary>
    [Benchmark]
    public string ExtractReasoning() => AnswerExtractor.Extract(_reasoning);

    /// <summary>Keys a megabyte of open braces.</summary>
    [Benchmark]
    public string KeyMegabyteOpenBraces() => AnswerKey.Of(_openBraces);

    /// <summary>Extracts from a megabyte of unclosed <c>\boxed{</c>.</summary>
    [Benchmark]
    public string ExtractMegabyteRepeatedBoxes() => AnswerExtractor.Extract(_repeatedBoxes);

    /// <summary>Keys a megabyte-long integer (kept exact as a digit string).</summary>
    [Benchmark]
    public string KeyMegabyteDigits() => AnswerKey.Of(_digits);

    private static string Repeat(string unit, int minimumLength)
    {
        var builder = new StringBuilder(minimumLength + unit.Length);
        while (builder.Length < minimumLength)
        {
            builder.Append(unit);
        }

        return builder.ToString();
    }
}
