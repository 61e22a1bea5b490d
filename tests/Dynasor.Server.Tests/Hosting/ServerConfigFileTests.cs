using Dynasor.Server.Hosting;
using Dynasor.Server.OpenAi;
using Dynasor.Server.Scheduling;
using Dynasor.Server.Upstream;

namespace Dynasor.Server.Tests.Hosting;

public sealed class ServerConfigFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dynasor-config-{Guid.NewGuid():N}.json");

    [Fact]
    public void Apply_EveryField_OverridesDefaults()
    {
        File.WriteAllText(_path, "{\"dynasor\":{\"mode\":\"off\",\"effort\":\"low\",\"max_samples\":16},\"max_request_body_bytes\":2048,"
            + "\"max_tokens_limit\":4000,\"default_max_tokens\":300,\"max_choices\":2,\"upstream_timeout_seconds\":1.5,\"upstream_protocol\":\"completions\"}");

        var options = ServerConfigFile.Apply(_path, new ServerOptions()).Validate();

        Assert.Equal(new DynasorSettings(Effort: "low", MaxSamples: 16), options.EffectiveDefaults);
        Assert.Equal(new RequestLimits(4000, 300, 2), options.EffectiveLimits);
        Assert.Equal((2048L, TimeSpan.FromSeconds(1.5), UpstreamProtocol.Completions), (options.MaxRequestBodyBytes, options.UpstreamTimeout!.Value, options.UpstreamProtocol));
    }

    [Fact]
    public void Apply_SchedulingFields_SetWindowPolicyDeadlineAndReplicas()
    {
        File.WriteAllText(_path, "{\"max_inflight\":32,\"scheduler\":\"slack\",\"health_interval_seconds\":2,\"dynasor\":{\"deadline_ms\":60000},"
            + "\"upstreams\":[\"http://a:8000/v1\",{\"url\":\"http://b:8000/v1\",\"priority\":\"lower-first\",\"key_env\":\"B_KEY\"},{\"url\":\"http://c:8000/v1\",\"priority\":\"higher-first\"}]}");

        var options = ServerConfigFile.Apply(_path, new ServerOptions()).Validate();

        Assert.Equal((32, "slack", TimeSpan.FromSeconds(2), 60000), (options.MaxInFlight, options.Scheduler, options.EffectiveHealthInterval, options.EffectiveDefaults.DeadlineMs));
        Assert.Equal(
            [new UpstreamSpec("http://a:8000/v1"), new UpstreamSpec("http://b:8000/v1", PriorityOrder.LowerFirst, "B_KEY"), new UpstreamSpec("http://c:8000/v1", PriorityOrder.HigherFirst)],
            options.Upstreams!);
    }

    [Theory]
    [InlineData("{\"max_inflight\":0}", "max_inflight")]
    [InlineData("{\"upstreams\":[]}", "upstreams")]
    [InlineData("{\"upstreams\":[{\"priority\":true}]}", "upstreams[0]")]
    [InlineData("{\"upstreams\":[{\"url\":\"http://a/v1\",\"priority\":\"soon\"}]}", "upstreams[0].priority")]
    [InlineData("{\"dynasor\":{\"mode\":\"turbo\"}}", "dynasor.mode")]
    [InlineData("{\"port\":80}", "unknown field 'port'")]
    [InlineData("{\"upstream_protocol\":\"grpc\"}", "upstream_protocol 'grpc'")]
    [InlineData("{not json", "not valid JSON")]
    public void Apply_BadFile_ArgumentExceptionNamingFileAndField(string json, string expected)
    {
        File.WriteAllText(_path, json);

        var error = Assert.Throws<ArgumentException>(() => ServerConfigFile.Apply(_path, new ServerOptions()));

        Assert.Contains(_path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Validate_UnknownScheduler_NamesOptionAndKnownNames()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServerOptions(Scheduler: "sjf").Validate());

        Assert.StartsWith("--scheduler: unknown scheduler 'sjf'; known schedulers: fcfs,", error.Message);
    }

    [Fact]
    public void Validate_DefaultAboveLimit_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServerOptions(Limits: new RequestLimits(100, 200)).Validate());

        Assert.Contains("default_max_tokens 200", error.Message);
    }

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Apply_RelativePaths_ResolveAgainstTheConfigFilesFolderNotTheWorkingDirectory()
    {
        var folder = Directory.CreateTempSubdirectory("dynasor-config-dir-").FullName;
        try
        {
            var path = Path.Combine(folder, "dynasor.json");
            File.WriteAllText(path, "{\"policy_dir\":\"policies\",\"access_log\":\"logs/access.log\"}");

            var options = ServerConfigFile.Apply(path, new ServerOptions());

            Assert.Equal(Path.Combine(folder, "policies"), options.PolicyDirectory);
            Assert.Equal(Path.Combine(folder, "logs", "access.log"), options.AccessLogPath);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ReadmeExample_AsPastedWithItsExport_Applies()
    {
        // The README's config block, with the export the README puts before it.
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var start = readme.IndexOf("**Config file**", StringComparison.Ordinal);
        var json = readme[(readme.IndexOf("```json\n", start, StringComparison.Ordinal) + 8)..];
        json = json[..json.IndexOf("```", StringComparison.Ordinal)];
        var directory = Directory.CreateTempSubdirectory();
        var path = Path.Combine(directory.FullName, "dynasor.json");
        File.WriteAllText(path, json);
        Environment.SetEnvironmentVariable("GPU1_KEY", "sk-readme");

        var options = ServerConfigFile.Apply(path, new ServerOptions()).Validate();

        Assert.Equal(2, options.Upstreams!.Count);
        Assert.Equal("GPU1_KEY", options.Upstreams[1].KeyEnv);
        Assert.Equal(Path.Combine(directory.FullName, "policies"), options.PolicyDirectory);
        Assert.Equal(Path.Combine(directory.FullName, "access.log"), options.AccessLogPath);
        directory.Delete(recursive: true);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dynasor.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("the repository root (Dynasor.slnx) was not found above the test's folder");
    }
}
