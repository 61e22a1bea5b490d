namespace Dynasor.Cli.Tests.Commands;

/// <summary><c>serve --record</c>'s options are checked before the server starts, each with one line naming the fix.</summary>
[Collection(nameof(CliCollection))]
public sealed class ServeRecordOptionTests
{
    [Theory]
    [InlineData(new[] { "--record-text" }, "--record-text needs --record DIR")]
    [InlineData(new[] { "--record-max-mb", "5" }, "--record-max-mb needs --record DIR")]
    [InlineData(new[] { "--record", "traffic", "--record-max-mb", "0" }, "--record-max-mb 0 must be between 1 and 100000")]
    public void Serve_BadRecordOptions_FailsBeforeStartingWithOneLine(string[] options, string expected)
    {
        var (exit, output, error) = CliRunner.Run(["serve", "--port", "0", .. options]);

        Assert.NotEqual(0, exit);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("listening on", output);
    }
}
