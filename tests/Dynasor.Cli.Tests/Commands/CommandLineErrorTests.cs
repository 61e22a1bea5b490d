using System.Net;
using System.Net.Sockets;
using Dynasor.Cli.Commands;

namespace Dynasor.Cli.Tests.Commands;

/// <summary>Failures of any command end in one line a user understands, with exit code 2 (1 for a bug), never a stack trace.</summary>
[Collection(nameof(CliCollection))]
public class CommandLineErrorTests : IDisposable
{
    private static readonly string[] Commands = ["replay", "calibrate", "synth", "serve", "sim-engine", "simulate", "eval"];

    private readonly string _dir = Directory.CreateTempSubdirectory("dynasor-errors-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string OneErrorLine(int exit, string output, string error, int expectedExit = 2)
    {
        Assert.Equal(expectedExit, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dynasor: error: ", line);
        Assert.DoesNotContain("System.", line);
        Assert.DoesNotContain("Exception", line);
        return line;
    }

    [Fact]
    public void UnknownCommand_SaysWhichCommandsExist()
    {
        var (exit, output, error) = CliRunner.Run("replya", "--trace", "x.jsonl");
        var line = OneErrorLine(exit, output, error);
        Assert.Contains("unknown command 'replya'", line);
        foreach (var command in Commands)
            Assert.Contains(command, line);
    }

    [Fact]
    public void NoCommand_SaysWhichCommandsExist()
    {
        var (exit, output, error) = CliRunner.Run();
        var line = OneErrorLine(exit, output, error);
        Assert.Contains("no command given", line);
        foreach (var command in Commands)
            Assert.Contains(command, line);
    }

    [Theory]
    [InlineData("replay", "table, json or csv")]
    [InlineData("eval", "table or json")]
    [InlineData("simulate", "table or json")]
    [InlineData("calibrate --trace t.jsonl --family ac", "table or json")]
    public void FormatXml_ListsTheFormatsInLowerCaseWithoutADotNetType(string command, string formats)
    {
        var (exit, output, error) = CliRunner.Run([.. command.Split(' '), "--format", "xml"]);
        var line = OneErrorLine(exit, output, error);
        Assert.Contains($"--format 'xml' is unknown; use {formats}", line);
        Assert.DoesNotContain("ResultFormat", line);
    }

    [Fact]
    public void Eval_DeadUpstream_OneLineNamingTheUrlAndTheFix()
    {
        var questions = Path.Combine(_dir, "q.jsonl");
        File.WriteAllText(questions, "{\"question\":\"What is 2+2?\",\"answer\":\"4\"}\n");
        var url = $"http://127.0.0.1:{ClosedPort()}/v1";
        var (exit, output, error) = CliRunner.Run("eval", "--upstream", url, "--questions-file", questions);
        var line = OneErrorLine(exit, output, error);
        Assert.Contains($"--upstream {url} is unreachable", line);
        Assert.Contains("start the engine", line);
    }

    [Fact]
    public async Task Eval_DeadUpstream_TheRealProcessPrintsNoStackTrace()
    {
        var questions = Path.Combine(_dir, "q.jsonl");
        File.WriteAllText(questions, "{\"question\":\"What is 2+2?\",\"answer\":\"4\"}\n");
        var url = $"http://127.0.0.1:{ClosedPort()}/v1";
        var (exit, output, error) = await CliProcess.RunAsync("eval", "--upstream", url, "--questions-file", questions);
        Assert.DoesNotContain("Unhandled exception", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Contains(url, OneErrorLine(exit, output, error));
    }

    [Fact]
    public void Report_ABug_IsOneLineWithExit1AndHowToGetTheStackTrace()
    {
        var error = new StringWriter();
        var exit = CommandErrors.Report(new InvalidOperationException("the queue was empty"), error);
        Assert.Equal(CommandErrors.InternalError, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("dynasor: internal error: the queue was empty", line);
        Assert.Contains("this is a bug", line);
        Assert.Contains(CommandErrors.StackTraceVariable + "=1", line);
    }

    [Fact]
    public void Report_AUserErrorInsideAParallelLoop_IsUnwrappedToItsOwnLine()
    {
        var error = new StringWriter();
        var exit = CommandErrors.Report(new AggregateException(new FileNotFoundException("trace file 'a.jsonl' does not exist")), error);
        Assert.Equal(CommandErrors.UsageError, exit);
        Assert.Equal("dynasor: error: trace file 'a.jsonl' does not exist", error.ToString().Trim());
    }

    // A port that was free a moment ago: nothing listens there, so a connection is refused at once.
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
