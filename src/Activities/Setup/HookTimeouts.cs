using System.Globalization;
using System.Text.RegularExpressions;
using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Setup;

/// <summary>
/// How long a hook may run: <c>hooks/&lt;name&gt;.timeout</c> (one duration), else the spec's
/// <c>hooks.timeout</c>, else the worker's default. Durations are written 90s, 5m, 1h or 1h30m.
/// </summary>
public static partial class HookTimeouts
{
    /// <summary>The longest timeout a hook may have (the hook activity's start-to-close bound follows it).</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromHours(2);

    public const string Allowed = "a duration like 90s, 5m, 1h or 1h30m, above zero and at most 2h";

    /// <summary>A duration written as 90s, 5m, 1h30m; null when the text is not one or is out of bounds.</summary>
    public static TimeSpan? TryParse(string? text)
    {
        var match = Duration().Match(text?.Trim() ?? string.Empty);
        if (!match.Success || match.Length == 0)
        {
            return null;
        }
        var value = TimeSpan.FromHours(Part(match, "h")) + TimeSpan.FromMinutes(Part(match, "m")) + TimeSpan.FromSeconds(Part(match, "s"));
        return value > TimeSpan.Zero && value <= Maximum ? value : null;
    }

    /// <summary>The timeout of <paramref name="hook"/> and where it comes from (for the progress line and messages).</summary>
    /// <exception cref="EnvironmentSpecException">The .timeout file holds no valid duration.</exception>
    public static (TimeSpan Timeout, string Source) Resolve(string hooksDirectory, string hook, HooksSpec? spec, TimeSpan defaultTimeout)
    {
        var file = Path.Combine(hooksDirectory, hook + ".timeout");
        if (File.Exists(file))
        {
            var text = File.ReadAllText(file).Trim();
            var parsed = TryParse(text)
                ?? throw new EnvironmentSpecException($"hooks/{hook}.timeout: bad value '{text}'; allowed: {Allowed}");
            return (parsed, $"hooks/{hook}.timeout");
        }
        return spec?.Timeout is { } fromSpec ? (fromSpec, "spec hooks.timeout") : (defaultTimeout, "default");
    }

    /// <summary>90s, 5m, 1h30m: the shortest way to write the duration back.</summary>
    public static string Format(TimeSpan duration)
    {
        var text = (duration.Hours + (duration.Days * 24) > 0 ? $"{duration.Hours + (duration.Days * 24)}h" : string.Empty)
            + (duration.Minutes > 0 ? $"{duration.Minutes}m" : string.Empty)
            + (duration.Seconds > 0 ? $"{duration.Seconds}s" : string.Empty);
        return text.Length == 0 ? $"{duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)}ms" : text;
    }

    private static int Part(Match match, string group) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("^(?:(?<h>[0-9]{1,2})h)?(?:(?<m>[0-9]{1,4})m)?(?:(?<s>[0-9]{1,5})s)?$")]
    private static partial Regex Duration();
}
