using System.Net;
using System.Text.RegularExpressions;

namespace CoderBootstrap.Sandbox.S3;

/// <summary>Bucket naming rules of S3 (and Scaleway Object Storage): 3-63 chars, lowercase letters, digits, dots and hyphens.</summary>
internal static partial class S3BucketNameRules
{
    public static bool IsValid(string name)
    {
        if (name.Length is < 3 or > 63 || !BucketNamePattern().IsMatch(name))
        {
            return false;
        }

        if (name.Contains("..", StringComparison.Ordinal) || name.Contains(".-", StringComparison.Ordinal) || name.Contains("-.", StringComparison.Ordinal))
        {
            return false;
        }

        return !IPAddress.TryParse(name, out _) || name.Count(c => c == '.') != 3;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")]
    private static partial Regex BucketNamePattern();
}
