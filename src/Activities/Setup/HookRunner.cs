using System.Diagnostics;
using System.Text.RegularExpressions;
using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Setup;

/// <summary>
/// Runs <c>hooks/&lt;hook&gt;.sh</c> with bash: a clean environment holding only the specification's
/// variables (ENVIRONMENT, TEMPLATE, PROJECT_ROOT, KUBECONFIG, CODER_URL) plus PATH/HOME/LANG, so
/// the worker's credentials never reach a hook; output streamed into the log. The hook leads its
/// own process group (setsid): on timeout, on cancellation and when the activity ends, the whole
/// group is killed, so nothing it spawned outlives it. It heartbeats the group id while it runs,
/// so the next attempt after a lost worker kills what that worker left behind.
/// </summary>
internal sealed partial class HookRunner
{
    public const int TailLines = 20;
    private const int MessageLines = 5;
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(5);

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

    /// <summary>
    /// The hook's timeout and where it was set: hooks/&lt;hook&gt;.timeout, else the <c>hooks</c> section
    /// of the run's spec snapshot (never the spec file again), else the worker's default. A bad
    /// .timeout file is a permanent error.
    /// </summary>
    /// <param name="hooks">The snapshot's hooks section; null when the run carries none.</param>
    public static (TimeSpan Timeout, string Source) ResolveTimeout(CoderBootstrapOptions options, string hook, Environments.HooksSpec? hooks)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return HookTimeouts.Resolve(options.HooksDirectory, hook, hooks, options.HookTimeout);
        }
        catch (Environments.EnvironmentSpecException error)
        {
            throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration, error.Message, error);
        }
    }

    /// <param name="kubeconfigPath">A file readable only by this user, or null when no cluster exists yet.</param>
    /// <param name="redactor">Masks credential values the hook might print.</param>
    /// <param name="timeout">How long the hook may run before its group is killed.</param>
    public async Task<HookResult> RunAsync(HookInput input, string scriptPath, string? kubeconfigPath, OutputRedactor redactor, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(ProcessGroup.SetsidPath ?? "bash")
        {
            WorkingDirectory = _services.Options.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (ProcessGroup.SetsidPath is not null)
        {
            startInfo.ArgumentList.Add("bash");
        }
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
        using var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
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
        _services.Logger.Information("Running hook {Hook} for {Environment} ({Script}, timeout {Timeout})", input.Hook, input.Environment, scriptPath, HookTimeouts.Format(timeout));
        process.Start();
        var group = new HookProcessGroup(process.Id);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        try
        {
            while (!exited.Task.IsCompleted && !process.HasExited)
            {
                var remaining = timeout - deadline.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    throw ActivityFailure.Permanent(FailureKind.HookFailed,
                        $"hook {input.Hook} timed out after {HookTimeouts.Format(timeout)} and was killed with its child processes; last output: {LastLines(tail)}");
                }

                // Heartbeat (the group id, for the next attempt should this worker be lost) only
                // before waiting again, never as the activity's last act (see ActivityRun.PollAsync).
                Beat(group);
                await Task.WhenAny(exited.Task, Task.Delay(remaining < HeartbeatInterval ? remaining : HeartbeatInterval, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            // Whatever happened (exit, timeout, cancellation), nothing the hook started may outlive the activity.
            Stop(process, group);
        }

        // The output readers may still hold the last lines; the group is gone, so the pipes reach their end.
        try
        {
            await Task.Run(process.WaitForExit, CancellationToken.None).WaitAsync(OutputDrainTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _services.Logger.Warning("Hook {Hook}: a process outside its group still holds its output; the last lines may be missing", input.Hook);
        }
        var exitCode = process.ExitCode;
        _services.Logger.Information("Hook {Hook} exited with code {ExitCode}", input.Hook, exitCode);
        if (exitCode != 0)
        {
            throw ActivityFailure.Permanent(FailureKind.HookFailed, $"hook {input.Hook} failed with exit code {exitCode}: {LastLines(tail)}");
        }

        return new HookResult(input.Hook, Ran: true, exitCode, tail.ToString());
    }

    /// <summary>Kills the processes an earlier attempt of this activity left running (its worker was lost); recorded in its heartbeat.</summary>
    public async Task KillLeftoversOfEarlierAttemptAsync(string hook)
    {
        var earlier = await ActivityRun.ResumeAsync<HookProcessGroup>(group => group.Id > 1, _services.Logger).ConfigureAwait(false);
        if (earlier is not null && ProcessGroup.KillAll(earlier.Id))
        {
            _services.Logger.Warning("Killed the processes of hook {Hook} left by an earlier attempt (process group {Group})", hook, earlier.Id);
        }
    }

    private static void Beat(HookProcessGroup group) => ActivityRun.Heartbeat(group);

    private static void Stop(Process process, HookProcessGroup group)
    {
        // The group exists once setsid has run; a hook stopped in the instant before that is killed as a tree.
        var groupKilled = ProcessGroup.SetsidPath is not null && ProcessGroup.KillAll(group.Id);
        if (!groupKilled && !process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit(OutputDrainTimeout);
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

/// <summary>Heartbeat detail of a running hook: the id of its process group.</summary>
public sealed record HookProcessGroup(int Id);
