namespace Dynasor.Server.Tests.EngineFakes;

/// <summary>
/// The tests that run the real model. They run after the parallel tests, one class at a time: their CPU load made
/// a timing-sensitive existing test (<c>FaultTests.Chat_UpstreamDiesBeforeAnswerComplete_NonStreaming502</c>)
/// answer 500 instead of 502 in some runs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineFakesCollection
{
    public const string Name = "EngineFakes";
}
