using Dynasor.Traces;

namespace Dynasor.Tests.Synthesis;

/// <summary>The summary figures the synthetic defaults are fitted on, measured the same way for real and synthetic traces.</summary>
/// <param name="OneSampleAccuracy">Fraction of all samples whose <c>Correct</c> flag is true, in [0, 1].</param>
/// <param name="MajorityAccuracy">Fraction of questions whose plurality answer (exact strings, ties to the first seen) is correct, in [0, 1].</param>
/// <param name="TokenMean">Mean tokens per sample.</param>
/// <param name="TokenStd">Population standard deviation of tokens per sample.</param>
/// <param name="UnanimousFraction">Fraction of questions whose samples all give the same answer string, in [0, 1].</param>
internal sealed record TraceFigures(
    double OneSampleAccuracy,
    double MajorityAccuracy,
    double TokenMean,
    double TokenStd,
    double UnanimousFraction)
{
    public static TraceFigures Measure(IEnumerable<TraceQuestion> questions)
    {
        long samples = 0, right = 0, tokenCount = 0;
        double tokenSum = 0, tokenSquares = 0;
        int count = 0, majorityRight = 0, unanimous = 0;
        foreach (var question in questions)
        {
            count++;
            // Insertion order of the dictionary is not guaranteed, so first-seen order is kept explicitly.
            var votes = new Dictionary<string, (int Votes, int First, bool Correct)>(StringComparer.Ordinal);
            for (var i = 0; i < question.Samples.Count; i++)
            {
                var sample = question.Samples[i];
                samples++;
                if (sample.Correct == true)
                {
                    right++;
                }

                tokenCount++;
                tokenSum += sample.Tokens;
                tokenSquares += (double)sample.Tokens * sample.Tokens;
                votes[sample.Answer] = votes.TryGetValue(sample.Answer, out var v)
                    ? (v.Votes + 1, v.First, v.Correct)
                    : (1, i, sample.Correct == true);
            }

            var winner = votes.Values.OrderByDescending(v => v.Votes).ThenBy(v => v.First).First();
            if (winner.Correct)
            {
                majorityRight++;
            }

            if (votes.Count == 1)
            {
                unanimous++;
            }
        }

        var mean = tokenSum / tokenCount;
        return new TraceFigures(
            (double)right / samples,
            (double)majorityRight / count,
            mean,
            Math.Sqrt(Math.Max(0.0, tokenSquares / tokenCount - mean * mean)),
            (double)unanimous / count);
    }
}
