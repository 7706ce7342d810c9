using System.Diagnostics;
using System.Globalization;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>The main command as a user runs it, in a process of its own: quiet on a normal run; killed in the middle and run again, it picks up the same run.</summary>
public sealed class StarterResumeTests
{
    [Fact]
    public async Task ADevSetupPrintsNoWarningOrErrorLineAndTheSdkLinesGoToTheRunLog()
    {
        var root = RepositoryCopy.WithHook("post-setup", "#!/usr/bin/env bash\necho done\n");
        var port = TestSupport.FreePort().ToString(CultureInfo.InvariantCulture);
        try
        {
            var output = new List<string>();
            using var starter = StartStarter(root, port, output);
            await starter.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(4));
            var text = string.Join('\n', output);
            Assert.True(starter.ExitCode == 0, text);
            Assert.Contains("Setup of dev completed", text);
            Assert.DoesNotContain(output, line => line.Contains("WARN", StringComparison.Ordinal) || line.Contains("ERROR", StringComparison.Ordinal)
                || line.Contains("temporalio_sdk_core", StringComparison.Ordinal));
            var log = await File.ReadAllTextAsync(Path.Combine(root, "logs", "setup-dev", "starter.log"));
            // The heartbeat an activity used to send as its last act reached the server after the task was gone.
            Assert.DoesNotContain("Activity heartbeat failed", log, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task KilledSandboxSetupResumesTheSameRunWhenRunAgain()
    {
        var root = RepositoryCopy.WithHook("post-setup", "#!/usr/bin/env bash\necho done\n");
        var port = TestSupport.FreePort().ToString(CultureInfo.InvariantCulture);
        try
        {
            var output = new List<string>();
            using (var first = StartStarter(root, port, output))
            {
                await WaitForLineAsync(output, "infra/cluster ready running", TimeSpan.FromMinutes(2));
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
            }
            var again = new List<string>();
            using var second = StartStarter(root, port, again);
            await second.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(4));
            var text = string.Join('\n', again);
            Assert.True(second.ExitCode == 0, text);
            Assert.Contains("resuming the setup of dev", text);
            Assert.Contains("Setup of dev completed", text);
            // The SDK's own lines (poll errors after the kill, heartbeat warnings) go to logs/, not to the console.
            Assert.DoesNotContain(again, line => line.Contains("temporalio_sdk_core", StringComparison.Ordinal) || line.Contains(" WARN ", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Process StartStarter(string root, string port, List<string> output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "starter.dll"), "run", "setup", "--env=dev", "--sandbox", "--time-scale=0.05" })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["CODER_BOOTSTRAP_ROOT"] = root;
        start.Environment["TEMPORAL_PORT"] = port;
        start.Environment.Remove("TEMPORAL_ADDRESS");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Add(output, e.Data);
        process.ErrorDataReceived += (_, e) => Add(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Add(List<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.Add(line);
        }
    }

    private static async Task WaitForLineAsync(List<string> output, string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (output)
            {
                if (output.Any(line => line.Contains(text, StringComparison.Ordinal)))
                {
                    return;
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                lock (output)
                {
                    throw new TimeoutException($"'{text}' not seen; output so far:\n{string.Join('\n', output)}");
                }
            }
            await Task.Delay(50);
        }
    }

}
