using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Tests.Content;

/// <summary>Locates files of the repository the tests were built from.</summary>
internal static class RepositoryLayout
{
    private static readonly Lazy<string> LazyRoot = new(() => CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory));

    /// <summary>The folder holding Workflows.sln, found by walking up from the test assembly.</summary>
    public static string Root => LazyRoot.Value;

    public static string PathOf(params string[] relativeParts) =>
        Path.Combine([Root, .. relativeParts]);

    public static string RelativePath(string fullPath) =>
        Path.GetRelativePath(Root, fullPath).Replace('\\', '/');
}
