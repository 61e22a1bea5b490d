using System.Globalization;
using Dynasor.Answers;
using Xunit;
using Xunit.Abstractions;

namespace Dynasor.Tests.Answers;

public sealed class AnswerTraceTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("gsm8k.gpt-4o-mini.jsonl")]
    [InlineData("gsm8k.gpt-4.jsonl")]
    [InlineData("math.qwen2.5-math.jsonl")]
    [InlineData("aime24.o3-mini-low.jsonl")]
    [InlineData("aime24.o3-mini-high.jsonl")]
    public void IsCorrect_ReferenceTrace_AgreesWithReferenceGrading(string file)
    {
        string? path = SharedTraces.File(file);
        Skip.If(path is null, SharedTraces.MissingReason);

        int graded = 0;
        int agreed = 0;
        foreach (TraceLine question in TraceLine.ReadAll(path!))
        {
            foreach ((string answer, bool? correct, _) in question.Samples)
            {
                if (correct is not bool reference)
                {
                    continue;
                }

                graded++;
                bool ours = AnswerGrader.IsCorrect(answer, question.Target);
                if (ours == reference)
                {
                    agreed++;
                }
                else
                {
                    output.WriteLine($"{question.Id}: answer '{answer}' target '{question.Target}' reference {reference} ours {ours}");
                }
            }
        }

        double agreement = (double)agreed / graded;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: {agreed}/{graded} = {agreement:P3}"));
        Assert.True(graded > 0, $"{file} has no graded samples");
        Assert.True(agreement >= 0.99, string.Create(CultureInfo.InvariantCulture, $"{file}: agreement {agreement:P3} is below 99%"));
    }

    [SkippableTheory]
    [InlineData("gsm8k.gpt-4.jsonl")]
    [InlineData("math.qwen2.5-math.jsonl")]
    public void Extract_ReferenceText_FindsTheRecordedAnswer(string file)
    {
        string? path = SharedTraces.File(file);
        Skip.If(path is null, SharedTraces.MissingReason);

        int withText = 0;
        int matched = 0;
        foreach (TraceLine question in TraceLine.ReadAll(path!))
        {
            foreach ((string answer, _, string? text) in question.Samples)
            {
                if (text is null)
                {
                    continue;
                }

                withText++;
                string extracted = AnswerExtractor.Extract(text);
                if (AnswerKey.Of(extracted) == AnswerKey.Of(answer))
                {
                    matched++;
                }
                else
                {
                    output.WriteLine($"{question.Id}: recorded '{answer}' extracted '{extracted}'");
                }
            }
        }

        double rate = (double)matched / withText;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: {matched}/{withText} = {rate:P3}"));
        Skip.If(withText == 0, $"{file} carries no sample text");
        Assert.True(rate >= ExtractionFloor(file), string.Create(CultureInfo.InvariantCulture, $"{file}: extraction matches {rate:P3}"));
    }

    // Regression floors a little under the measured rates (math 99.0%, gsm8k.gpt-4 88.0%). The GPT-4 texts are
    // step plans that often never state the result, or end on another number ("$64 for the 16 glasses"), so the
    // last-number rule cannot recover every recorded answer from them.
    private static double ExtractionFloor(string file) => file.StartsWith("math", StringComparison.Ordinal) ? 0.98 : 0.85;
}
