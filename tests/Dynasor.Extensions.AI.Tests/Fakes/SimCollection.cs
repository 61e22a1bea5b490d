namespace Dynasor.Extensions.AI.Tests.Fakes;

/// <summary>The HTTP tests share one <see cref="SimServers"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SimCollection : ICollectionFixture<SimServers>
{
    public const string Name = "sim servers";
}
