using System.Globalization;

namespace Dynasor.Cli.Output;

/// <summary>
/// The one way savings are printed: <c>1 - tokens / baseline tokens</c> as a signed percentage, positive when tokens
/// were saved (<c>+83.1%</c>) and negative when a policy spent more than its baseline (<c>-4.0%</c>). JSON and CSV carry
/// the same fraction unformatted (<c>token_saving_vs_cap</c>, <c>token_saving_vs_baseline</c>), with the same sign.
/// </summary>
internal static class SavingFormat
{
    public static string Percent(double fraction) =>
        double.IsFinite(fraction) ? (fraction * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%" : "n/a";
}
