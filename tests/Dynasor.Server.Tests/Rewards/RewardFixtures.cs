namespace Dynasor.Server.Tests.Rewards;

/// <summary>The JSON bodies in <c>Rewards/Fixtures</c>, read from the source tree (see its README for their sources).</summary>
internal static class RewardFixtures
{
    public static string Read(string name)
    {
        // The test runs from tests/Dynasor.Server.Tests/bin/CONFIG/net10.0/.
        var project = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.FullName;
        return File.ReadAllText(Path.Combine(project, "Rewards", "Fixtures", name));
    }
}
