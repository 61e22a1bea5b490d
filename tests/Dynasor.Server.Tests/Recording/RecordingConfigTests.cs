using Dynasor.Server.Hosting;
using Dynasor.Server.Recording;

namespace Dynasor.Server.Tests.Recording;

/// <summary>The config file's <c>record</c> field.</summary>
public sealed class RecordingConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-recordconfig-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ServerOptions Apply(string json)
    {
        var path = Path.Combine(_dir, "dynasor.json");
        File.WriteAllText(path, json);
        return ServerConfigFile.Apply(path, new ServerOptions());
    }

    [Fact]
    public void Apply_RecordObject_SetsEveryFieldWithTheDirectoryBesideTheFile()
    {
        var options = Apply("{\"record\":{\"dir\":\"traffic\",\"text\":true,\"max_mb\":5}}");

        Assert.Equal(new RecordingOptions(Path.Combine(_dir, "traffic"), true, 5), options.Recording);
    }

    [Fact]
    public void Apply_RecordString_IsTheDirectoryWithDefaults()
    {
        var options = Apply("{\"record\":\"traffic\"}");

        Assert.Equal(new RecordingOptions(Path.Combine(_dir, "traffic")), options.Recording);
    }

    [Theory]
    [InlineData("{\"record\":{\"dir\":\"t\",\"max_mb\":0}}", "'record.max_mb' is 0; it must be between 1 and 100000.")]
    [InlineData("{\"record\":{\"text\":true}}", "'record' needs a \"dir\"")]
    [InlineData("{\"record\":{\"dir\":\"t\",\"gzip\":true}}", "unknown field 'record.gzip'; known: dir, text, max_mb.")]
    [InlineData("{\"record\":5}", "'record' must be a directory or an object")]
    public void Apply_BadRecord_NamesTheField(string json, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => Apply(json));

        Assert.Contains(expected, e.Message);
    }
}
