namespace Dynasor.Cli.Output;

/// <summary>How a command prints its results.</summary>
internal enum ResultFormat
{
    Table,
    Json,
    Csv,
}
