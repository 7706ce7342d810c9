using System.Globalization;
using System.Text.RegularExpressions;

namespace CoderBootstrap.DevServer.Visibility;

internal static partial class VisibilityTime
{
    private static readonly Regex ExcessFractionDigits = FractionPattern();

    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary>Parses an RFC 3339 timestamp (an offset or Z is required), as the server's datetime values.</summary>
    public static bool TryParseRfc3339(string text, out DateTime utc)
    {
        utc = default;
        var trimmed = text.Trim();
        if (trimmed.Length < 20 || trimmed[10] is not ('T' or 't' or ' '))
        {
            return false;
        }

        var last = trimmed[^1];
        var hasOffset = last is 'Z' or 'z' || (trimmed.Length > 6 && trimmed[^6] is '+' or '-' && trimmed[^3] == ':');
        if (!hasOffset)
        {
            return false;
        }

        // .NET keeps at most seven fractional digits; RFC 3339 values from Go carry up to nine.
        trimmed = ExcessFractionDigits.Replace(trimmed, match => match.Groups[1].Value);
        if (!DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        utc = parsed.UtcDateTime;
        return true;
    }

    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex FractionPattern();
}
