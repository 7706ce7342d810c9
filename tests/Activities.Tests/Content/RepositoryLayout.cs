namespace CoderBootstrap.Activities.Tests.Content;

/// <summary>Locates files of the repository the tests were built from.</summary>
internal static class RepositoryLayout
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding Workflows.sln, found by walking up from the test assembly.</summary>
    public static string Root => LazyRoot.Value;

    public static string PathOf(params string[] relativeParts) =>
        Path.Combine([Root, .. relativeParts]);

    public static string RelativePath(string fullPath) =>
        Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Workflows.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No folder containing Workflows.sln above {AppContext.BaseDirectory}; the content tests must run from a build inside the repository.");
    }
}
