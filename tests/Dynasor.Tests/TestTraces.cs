using Dynasor.Replay;
using Dynasor.Traces;

namespace Dynasor.Tests;

/// <summary>Small hand-made traces: each question written as its answers, every sample 100 tokens unless given.</summary>
internal static class TestTraces
{
    public static TraceQuestion Question(string id, string target, params string[] answers) =>
        new(id, "test", "test", target, answers.Select(a => new TraceSample(a, 100)).ToList());

    public static PreparedTrace Prepared(params TraceQuestion[] questions) => PreparedTrace.From("test.jsonl", questions);
}
