using CoderBootstrap.Starter;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>Runs the Starter's command line in-process and captures what it prints.</summary>
internal static class StarterInvocation
{
    public static string Root => Activities.Runtime.CoderBootstrapOptions.FindRepositoryRoot(AppContext.BaseDirectory);

    public static async Task<(int Code, string Out, string Error)> RunAsync(string root, Func<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await StarterCommands.RunAsync(args, new StarterContext
        {
            RepositoryRoot = root,
            Out = output,
            Error = error,
            Environment = environment,
            ProgressInterval = TimeSpan.FromMilliseconds(100),
        });
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The Starter run from the repository with no environment variables at all (no server, no credentials).</summary>
    public static Task<(int Code, string Out, string Error)> RunBareAsync(params string[] args) => RunAsync(Root, _ => null, args);

    /// <summary>Exactly one line on stderr, with neither a .NET type name nor a stack trace.</summary>
    public static string SingleErrorLine(string error)
    {
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        return line;
    }
}
