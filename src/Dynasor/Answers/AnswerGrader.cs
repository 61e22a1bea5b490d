namespace Dynasor.Answers;

/// <summary>Grades a final answer against a gold target by <see cref="AnswerKey"/> equality.</summary>
public static class AnswerGrader
{
    /// <summary>
    /// True when <paramref name="answer"/> and <paramref name="target"/> have the same <see cref="AnswerKey"/>.
    /// False when the target is null (unknown) and when the answer's key is empty: an empty answer is never correct.
    /// Never throws; linear in the lengths of both strings.
    /// </summary>
    public static bool IsCorrect(string answer, string? target)
    {
        if (target is null)
        {
            return false;
        }

        string key = AnswerKey.Of(answer);
        return key.Length > 0 && key == AnswerKey.Of(target);
    }
}
