using Dynasor.Programs;
using Dynasor.Traces;

namespace Dynasor.Tests.Programs;

public class EvalQuestionFileTests
{
    [Fact]
    public void WriteThenRead_RoundTripsQuestionsWithQuotesAndNewlines()
    {
        var path = Path.GetTempFileName();
        try
        {
            EvalQuestion[] questions = [new("What is \"17*23\"?\nShow work.", "391"), new("Half of 1?", "\\frac{1}{2}")];
            EvalQuestionFile.Write(path, questions);
            Assert.Equal(questions, EvalQuestionFile.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1]", "expected a JSON object")]
    [InlineData("{\"question\":\"q\",\"answer\":7}", "\"answer\" must be a non-empty string")]
    public void Read_MalformedLine_NamesFileLineAndProblem(string line, string problem)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["{\"question\":\"q\",\"answer\":\"1\",\"id\":\"extra fields are fine\"}", "", line]);
            var e = Assert.Throws<TraceFormatException>(() => EvalQuestionFile.Read(path));
            Assert.StartsWith($"{path}:3: {problem}", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
