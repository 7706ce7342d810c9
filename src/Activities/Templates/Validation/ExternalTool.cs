using System.Diagnostics;

namespace CoderBootstrap.Activities.Templates.Validation;

/// <summary>Runs a command-line checker (terraform, bash, shellcheck) if it is on the PATH.</summary>
internal sealed class ExternalTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private ExternalTool(string executable) => Executable = executable;

    public string Executable { get; }

    /// <summary>The tool when found on the PATH, otherwise null.</summary>
    public static ExternalTool? Find(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return new ExternalTool(candidate);
            }
        }

        return null;
    }

    /// <summary>Exit code and the combined output of one run in <paramref name="workingDirectory"/>.</summary>
    public (int ExitCode, string Output) Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // terraform warns about a missing CLI configuration file on every call otherwise.
        start.Environment["TF_CLI_CONFIG_FILE"] = "/dev/null";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{Path.GetFileName(Executable)} did not finish within {Timeout.TotalSeconds:0} s");
        }

        // The process has exited: both reads end as its pipes close, so this wait is brief.
#pragma warning disable VSTHRD002
        return (process.ExitCode, output.Result + error.Result);
#pragma warning restore VSTHRD002
    }
}
