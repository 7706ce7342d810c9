using System.Globalization;

namespace CoderBootstrap.Activities.Backup;

/// <summary>
/// Where backups live: bucket <c>coder-backups-&lt;env&gt;</c>, one folder per backup named
/// <c>&lt;UTC timestamp&gt;-&lt;short id&gt;</c> (so names sort by time), the manifest at
/// <c>&lt;id&gt;/manifest.json</c>.
/// </summary>
public static class BackupLayout
{
    public const string ManifestFile = "manifest.json";
    private const string TimestampFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string Bucket(string environment) => "coder-backups-" + environment;

    /// <summary>A new backup id, for example <c>20261203T030000Z-3f9a1c</c>; <paramref name="shortId"/> is 6 lower-case hex digits.</summary>
    public static string NewBackupId(DateTimeOffset startedAt, string shortId)
    {
        if (shortId.Length != 6 || !shortId.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("a short id is 6 lower-case hex digits", nameof(shortId));
        }

        return startedAt.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) + "-" + shortId;
    }

    /// <summary>The start time encoded in a backup id, or null when the name is not a backup id.</summary>
    public static DateTimeOffset? StartedAtOf(string backupId) =>
        backupId.Length == 23 && backupId[16] == '-'
        && DateTimeOffset.TryParseExact(backupId[..16], TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    public static string Prefix(string backupId) => backupId + "/";

    public static string ManifestKey(string backupId) => Prefix(backupId) + ManifestFile;

    public static string PartKey(string backupId, string fileName) => Prefix(backupId) + fileName;
}
