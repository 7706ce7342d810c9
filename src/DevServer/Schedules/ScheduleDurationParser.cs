using System.Globalization;
using System.Text.RegularExpressions;

namespace CoderBootstrap.DevServer.Schedules;

/// <summary>
/// Parses durations written the way the server's cron <c>@every</c> accepts them: Go duration syntax
/// ("90s", "1h30m", "1.5h") plus a "d" unit of 24 hours.
/// </summary>
internal static partial class ScheduleDurationParser
{
    public static TimeSpan Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed == "0")
        {
            return TimeSpan.Zero;
        }

        var matches = DurationPart().Matches(trimmed);
        if (trimmed.Length == 0 || matches.Sum(match => match.Length) != trimmed.Length || matches.Count == 0 || matches[0].Index != 0)
        {
            throw ScheduleSpecException.Invalid($"invalid duration \"{text}\"");
        }

        var totalTicks = 0m;
        foreach (Match match in matches)
        {
            var amount = decimal.Parse(match.Groups["amount"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            var ticksPerUnit = match.Groups["unit"].Value switch
            {
                "ns" => 0.01m,
                "us" or "µs" or "μs" => 10m,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => TimeSpan.TicksPerDay,
            };
            totalTicks += amount * ticksPerUnit;
        }

        if (totalTicks > TimeSpan.MaxValue.Ticks)
        {
            throw ScheduleSpecException.Invalid($"invalid duration \"{text}\"");
        }

        return TimeSpan.FromTicks((long)totalTicks);
    }

    [GeneratedRegex(@"(?<amount>\d+(\.\d*)?|\.\d+)(?<unit>ns|us|µs|μs|ms|s|m|h|d)")]
    private static partial Regex DurationPart();
}
