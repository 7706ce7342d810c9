using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>A temporary copy of the repository content the activities read, with extra files (hooks).</summary>
internal static class RepositoryCopy
{
    public static string WithHook(string hook, string script)
    {
        var source = CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory);
        var target = Directory.CreateTempSubdirectory("coder-bootstrap-repo-").FullName;
        foreach (var folder in new[] { "deploy", "templates" })
        {
            Copy(Path.Combine(source, folder), Path.Combine(target, folder));
        }
        File.Copy(Path.Combine(source, "Workflows.sln"), Path.Combine(target, "Workflows.sln"));
        var hooks = Directory.CreateDirectory(Path.Combine(target, "hooks")).FullName;
        var path = Path.Combine(hooks, $"{hook}.sh");
        File.WriteAllText(path, script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return target;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var directory in Directory.GetDirectories(from))
        {
            Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
