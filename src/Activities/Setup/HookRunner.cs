using System.Diagnostics;
using System.Text.RegularExpressions;
using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Setup;

/// <summary>
/// Runs <c>hooks/&lt;hook&gt;.sh</c> with bash: a clean environment holding only the specification's
/// variables (ENVIRONMENT, TEMPLATE, PROJECT_ROOT, KUBECONFIG, CODER_URL) plus PATH/HOME/LANG, so
/// the worker's credentials never reach a hook; output streamed into the log; killed on timeout.
/// </summary>
internal sealed partial class HookRunner
{
    public const int TailLines = 20;
    private const int MessageLines = 5;

    private readonly ActivityServices _services;

    public HookRunner(ActivityServices services) => _services = services;

    public static string? HookPath(CoderBootstrapOptions options, string hook)
    {
        if (!HookName().IsMatch(hook))
        {
            throw ActivityFailure.Permanent(FailureKind.InvalidArguments, $"bad hook name '{hook}': lowercase letters, digits and hyphens only (e.g. pre-setup, post-setup)");
        }

        var path = Path.Combine(options.HooksDirectory, hook + ".sh");
        return File.Exists(path) ? path : null;
    }

    /// <param name="kubeconfigPath">A file readable only by this user, or null when no cluster exists yet.</param>
    /// <param name="redactor">Masks credential values the hook might print.</param>
    public async Task<HookResult> RunAsync(HookInput input, string scriptPath, string? kubeconfigPath, OutputRedactor redactor, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("bash")
        {
            WorkingDirectory = _services.Options.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(scriptPath);
        startInfo.Environment.Clear();
        foreach (var inherited in new[] { "PATH", "HOME", "LANG", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(inherited) is { } value)
            {
                startInfo.Environment[inherited] = value;
            }
        }

        startInfo.Environment["ENVIRONMENT"] = input.Environment;
        startInfo.Environment["TEMPLATE"] = input.Template ?? string.Empty;
        startInfo.Environment["PROJECT_ROOT"] = _services.Options.RepositoryRoot;
        startInfo.Environment["KUBECONFIG"] = kubeconfigPath ?? string.Empty;
        startInfo.Environment["CODER_URL"] = input.CoderUrl ?? string.Empty;

        var tail = new OutputTail(TailLines);
        using var process = new Process { StartInfo = startInfo };
        void OnLine(string? line, string stream)
        {
            if (line is null)
            {
                return;
            }

            line = redactor.Redact(line);
            tail.Add(line);
            _services.Logger.Information("hook {Hook} [{Stream}]: {Line}", input.Hook, stream, line);
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data, "stdout");
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, "stderr");
        _services.Logger.Information("Running hook {Hook} for {Environment} ({Script})", input.Hook, input.Environment, scriptPath);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_services.Options.HookTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw ActivityFailure.Permanent(FailureKind.HookFailed,
                $"hook {input.Hook} timed out after {_services.Options.HookTimeout} and was killed; last output: {LastLines(tail)}");
        }

        // The asynchronous readers may still hold the last lines: WaitForExit without a timeout drains them.
        process.WaitForExit();
        var exitCode = process.ExitCode;
        _services.Logger.Information("Hook {Hook} exited with code {ExitCode}", input.Hook, exitCode);
        if (exitCode != 0)
        {
            throw ActivityFailure.Permanent(FailureKind.HookFailed, $"hook {input.Hook} failed with exit code {exitCode}: {LastLines(tail)}");
        }

        return new HookResult(input.Hook, Ran: true, exitCode, tail.ToString());
    }

    /// <summary>The last few non-empty lines: stdout and stderr arrive on separate streams, so the very last line alone may miss the error.</summary>
    private static string LastLines(OutputTail tail)
    {
        var lines = tail.ToString().Split('\n').Where(l => l.Trim().Length > 0).TakeLast(MessageLines).ToList();
        return lines.Count == 0 ? "(no output)" : string.Join(" | ", lines);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex HookName();
}
