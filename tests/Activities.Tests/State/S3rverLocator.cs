namespace CoderBootstrap.Activities.Tests.State;

/// <summary>Finds the s3rver executable: $S3RVER_PATH, else the repository's .local/tools install (scripts/prerequisites.sh).</summary>
internal static class S3rverLocator
{
    public static string? ExecutablePath { get; } = Find();

    public static string SkipReason =>
        $"s3rver not found (set S3RVER_PATH or run: mkdir -p .local/tools && cd .local/tools && npm install s3rver@3); looked in {Path.Combine(RepositoryPaths.Root, ".local", "tools", "node_modules", ".bin", "s3rver")}";

    private static string? Find()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("S3RVER_PATH"),
            Path.Combine(RepositoryPaths.Root, ".local", "tools", "node_modules", ".bin", "s3rver"),
        };
        var found = candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
        return found is not null && NodeIsAvailable() ? found : null;
    }

    private static bool NodeIsAvailable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, "node")));
}
