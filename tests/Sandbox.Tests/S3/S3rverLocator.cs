namespace CoderBootstrap.Sandbox.Tests.S3;

/// <summary>Finds the s3rver script (<c>S3RVER_PATH</c>, else the repository's <c>.local/tools</c>) and node.</summary>
public static class S3rverLocator
{
    public const string MissingMessage =
        "s3rver is not installed (run scripts/prerequisites.sh, which installs npm s3rver@3 into .local/tools, or set S3RVER_PATH); the s3rver compatibility run is skipped.";

    public static string? FindScript()
    {
        var configured = Environment.GetEnvironmentVariable("S3RVER_PATH");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, ".local", "tools", "node_modules", ".bin", "s3rver");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static bool IsNodeOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, "node")));

    public static bool IsAvailable => FindScript() is not null && IsNodeOnPath();
}
