namespace Dynasor.Server;

/// <summary>Marker for the server assembly (used to locate it, e.g. from tests).</summary>
public static class ServerAssembly;
