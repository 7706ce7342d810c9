using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CoderBootstrap.Starter;

/// <summary>
/// Parsers of option values that say what a valid value looks like (never a .NET type name), and
/// reject what a workflow could not use: durations are positive and bounded.
/// </summary>
internal static partial class CommandLineValues
{
    public const string DurationExamples = "24:00:00, 1.12:00:00, 90m, 2h or 1d";

    /// <summary>A duration as HH:MM:SS, D.HH:MM:SS, or a number with s, m, h or d; more than zero and at most <paramref name="maximum"/>.</summary>
    public static TimeSpan? Duration(ArgumentResult result, TimeSpan maximum)
    {
        var option = OptionName(result);
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (TryParseDuration(text) is not { } duration)
        {
            result.AddError($"{option} must be a duration such as {DurationExamples} (got '{text}')");
            return null;
        }
        if (duration <= TimeSpan.Zero)
        {
            result.AddError($"{option} must be longer than zero (got '{text}')");
            return null;
        }
        if (duration > maximum)
        {
            result.AddError($"{option} must be at most {Describe(maximum)} (got '{text}')");
            return null;
        }
        return duration;
    }

    /// <summary>A number greater than zero (invariant culture).</summary>
    public static double PositiveNumber(ArgumentResult result, string example)
    {
        var option = OptionName(result);
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
        {
            return value;
        }
        result.AddError($"{option} must be a number greater than 0 such as {example} (got '{text}')");
        return 0;
    }

    internal static TimeSpan? TryParseDuration(string text)
    {
        text = text.Trim();
        if (Suffixed().Match(text) is { Success: true } match
            && double.TryParse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return match.Groups["unit"].Value switch
            {
                "s" => TimeSpan.FromSeconds(number),
                "m" => TimeSpan.FromMinutes(number),
                "h" => TimeSpan.FromHours(number),
                _ => TimeSpan.FromDays(number),
            };
        }
        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
    }

    internal static string Describe(TimeSpan duration) => duration.TotalDays >= 1 && duration.TotalDays == Math.Floor(duration.TotalDays)
        ? $"{duration.TotalDays:0} days"
        : duration.ToString("c", CultureInfo.InvariantCulture);

    private static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;

    [GeneratedRegex("^(?<number>-?[0-9]+(\\.[0-9]+)?)(?<unit>[smhd])$")]
    private static partial Regex Suffixed();
}
