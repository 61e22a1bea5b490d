namespace Dynasor.Server.Tests.EngineFakes.Protocol;

/// <summary>One request a fake received, as it came (the body as UTF-8 text).</summary>
public sealed record RecordedRequest(string Method, string Path, string Body);
