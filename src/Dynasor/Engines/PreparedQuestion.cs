using Dynasor.Answers;
using Dynasor.Traces;

namespace Dynasor.Engines;

/// <summary>
/// A trace question made ready for replay: each sample turned into a <see cref="Generation"/> once, with its
/// equivalence key computed once and interned, and each distinct answer graded once.
/// </summary>
public sealed class PreparedQuestion
{
    private readonly Dictionary<string, bool> _correctByKey;

    private PreparedQuestion(string id, Generation[] samples, Dictionary<string, bool> correctByKey)
    {
        Id = id;
        Samples = samples;
        TotalTokens = samples.Sum(s => (long)s.Tokens);
        _correctByKey = correctByKey;
    }

    public string Id { get; }

    /// <summary>The samples in generation order, with <see cref="Generation.AnswerKey"/> set.</summary>
    public Generation[] Samples { get; }

    /// <summary>Output tokens of all samples together.</summary>
    public long TotalTokens { get; }

    /// <summary>
    /// Whether an answer key is right. A key's samples may disagree in their reference grading (a grader that
    /// accepts "18" but not "18.0"); the key is right when at least half of its samples are. Unknown keys are wrong.
    /// </summary>
    public bool IsCorrect(string? key) => key is not null && _correctByKey.TryGetValue(key, out var c) && c;

    /// <summary>Prepares a question. A sample without <c>correct</c> is graded by its key against the target's.</summary>
    public static PreparedQuestion From(TraceQuestion question)
    {
        var interned = new Dictionary<string, string>(StringComparer.Ordinal);
        var votes = new Dictionary<string, (int Right, int All)>(StringComparer.Ordinal);
        var samples = new Generation[question.Samples.Count];
        for (var i = 0; i < samples.Length; i++)
        {
            var s = question.Samples[i];
            var key = AnswerKey.Of(s.Answer);
            if (!interned.TryGetValue(key, out var k))
                interned[key] = k = key;
            samples[i] = new Generation(s.Text ?? "", s.Tokens, s.Answer, k, s.Reward);
            var right = s.Correct ?? AnswerGrader.IsCorrect(s.Answer, question.Target);
            votes.TryGetValue(k, out var v);
            votes[k] = (v.Right + (right ? 1 : 0), v.All + 1);
        }
        var correct = votes.ToDictionary(kv => kv.Key, kv => 2 * kv.Value.Right >= kv.Value.All, StringComparer.Ordinal);
        return new PreparedQuestion(question.Id, samples, correct);
    }
}
