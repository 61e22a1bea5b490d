namespace Dynasor.Server.Tests;

public class ServerAssemblyTests
{
    [Fact]
    public void ServerAssembly_References_AspNetCore()
    {
        var names = typeof(ServerAssembly).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        Assert.Contains(names, n => n!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || n == "Dynasor");
    }
}
