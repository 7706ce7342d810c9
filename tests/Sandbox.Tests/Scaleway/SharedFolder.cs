namespace CoderBootstrap.Sandbox.Tests.Scaleway;

/// <summary>Finds <c>shared/</c> beside the repository root (the folder holding Workflows.sln).</summary>
public static class SharedFolder
{
    public static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Workflows.sln")))
            {
                var shared = Path.Combine(directory.Parent?.FullName ?? directory.FullName, "shared");
                return Directory.Exists(shared)
                    ? shared
                    : throw new DirectoryNotFoundException($"No shared folder beside the repository root {directory.FullName}");
            }
        }

        throw new DirectoryNotFoundException("Workflows.sln not found above " + AppContext.BaseDirectory);
    }
}
