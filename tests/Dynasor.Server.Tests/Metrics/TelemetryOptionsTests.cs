using Dynasor.Server.Hosting;
using Dynasor.Server.Metrics;
using Dynasor.Server.Tests.Fakes;
using OpenTelemetry.Exporter;

namespace Dynasor.Server.Tests.Metrics;

/// <summary>OTLP settings from the command line, the config file and the standard environment variables, checked at the edge.</summary>
public sealed class TelemetryOptionsTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Parse_NothingSet_NoOtlpExport()
    {
        var options = TelemetryOptions.Parse(null, null, null, Environment());

        Assert.Null(options.OtlpEndpoint);
        Assert.Equal(OtlpExportProtocol.Grpc, options.EffectiveProtocol);
    }

    [Fact]
    public void Parse_EachSource_CommandLineOverConfigFileOverEnvironment()
    {
        var environment = Environment(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://env:4318"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        var configured = new TelemetryOptions(new Uri("http://file:4317"));

        var fromEnvironment = TelemetryOptions.Parse(null, null, null, environment);
        var fromFile = TelemetryOptions.Parse(null, null, configured, environment);
        var fromCommandLine = TelemetryOptions.Parse("http://cli:4317", "grpc", configured, environment);

        Assert.Equal(("http://env:4318/", OtlpExportProtocol.HttpProtobuf), (fromEnvironment.OtlpEndpoint!.ToString(), fromEnvironment.EffectiveProtocol));
        Assert.Equal(("http://file:4317/", OtlpExportProtocol.HttpProtobuf), (fromFile.OtlpEndpoint!.ToString(), fromFile.EffectiveProtocol));
        Assert.Equal(("http://cli:4317/", OtlpExportProtocol.Grpc), (fromCommandLine.OtlpEndpoint!.ToString(), fromCommandLine.EffectiveProtocol));
    }

    [Theory]
    [InlineData("localhost:4317", null, "--otlp-endpoint 'localhost:4317' is not an http(s) URL of an OTLP collector; give its base URL, e.g. http://localhost:4317")]
    [InlineData("ftp://collector", null, "--otlp-endpoint 'ftp://collector' is not an http(s) URL")]
    [InlineData(null, "collector:4317", "OTEL_EXPORTER_OTLP_ENDPOINT 'collector:4317' is not an http(s) URL")]
    public void Parse_BadEndpoint_OneLineErrorNamingWhereItCameFromAndTheFix(string? option, string? variable, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => TelemetryOptions.Parse(option, null, null, Environment(("OTEL_EXPORTER_OTLP_ENDPOINT", variable!))));

        Assert.StartsWith(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Parse_BadProtocol_ErrorNamesTheOptionAndTheProtocolsThereAre()
    {
        var error = Assert.Throws<ArgumentException>(() => TelemetryOptions.Parse("http://c:4317", "http/json", null, Environment()));

        Assert.Equal("--otlp-protocol 'http/json' is not an OTLP protocol this server speaks; use grpc or http/protobuf.", error.Message);
    }

    [Theory]
    [InlineData("http://c:4317", "grpc", "traces", "http://c:4317/")]
    [InlineData("http://c:4318", "http/protobuf", "traces", "http://c:4318/v1/traces")]
    [InlineData("http://c:4318/otlp/", "http/protobuf", "metrics", "http://c:4318/otlp/v1/metrics")]
    public void SignalEndpoint_ByProtocol_AsTheStandardVariableIsRead(string endpoint, string protocol, string signal, string expected)
    {
        var options = TelemetryOptions.Parse(endpoint, protocol, null, Environment());

        Assert.Equal(expected, options.SignalEndpoint(signal).ToString());
    }

    [Fact]
    public void ConfigFile_OtlpFields_ReadAndABadOneNamed()
    {
        var good = Path.GetTempFileName();
        var bad = Path.GetTempFileName();
        try
        {
            File.WriteAllText(good, "{\"otlp_endpoint\":\"http://collector:4318\",\"otlp_protocol\":\"http/protobuf\"}");
            File.WriteAllText(bad, "{\"otlp_endpoint\":\"collector\"}");

            var options = ServerConfigFile.Apply(good, new ServerOptions()).Validate();
            var error = Assert.Throws<ArgumentException>(() => ServerConfigFile.Apply(bad, new ServerOptions()));

            Assert.Equal(new TelemetryOptions(new Uri("http://collector:4318"), OtlpExportProtocol.HttpProtobuf), options.Telemetry);
            Assert.Contains("otlp_endpoint 'collector' is not an http(s) URL", error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            File.Delete(good);
            File.Delete(bad);
        }
    }

    [Fact]
    public async Task Serve_BadOtlpEndpoint_OneLineErrorExit2()
    {
        var (exitCode, error) = await CliProcess.RunAsync("serve", "--port", "0", "--otlp-endpoint", "localhost:4317");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("dynasor: error: --otlp-endpoint 'localhost:4317' is not an http(s) URL of an OTLP collector", error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
