using Spectre.Console;

namespace Dynasor.Cli.Output;

/// <summary>
/// A progress bar on standard error, so standard output stays clean for <c>--format json</c>. Shown only when
/// standard error is a terminal: a CI log gets no control sequences.
/// </summary>
internal static class ProgressReporter
{
    public static T Run<T>(string description, Func<IProgress<double>, T> work)
    {
        if (Console.IsErrorRedirected)
            return work(new Progress<double>(_ => { }));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: 1);
                return work(new ImmediateProgress(v => task.Value = v));
            });
    }

    // Progress<T> posts to the thread pool and may report after the bar has closed; this reports in place.
    private sealed class ImmediateProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
