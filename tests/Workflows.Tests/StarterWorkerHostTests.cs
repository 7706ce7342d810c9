using System.Diagnostics;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>The Worker host never starts a server of its own: without one configured it says how to configure one.</summary>
public sealed class StarterWorkerHostTests
{
    [Fact]
    public async Task WorkerWithoutAConfiguredServerExitsWithOneLineSayingWhatToSet()
    {
        var home = Directory.CreateTempSubdirectory("worker-home-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "coder-bootstrap-worker.dll"));
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("TEMPORAL_", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(name);
            }
            // No temporal.toml either: the SDK looks for it under the home directory.
            start.Environment["HOME"] = home;
            start.Environment.Remove("XDG_CONFIG_HOME");
            using var worker = Process.Start(start)!;
            var error = worker.StandardError.ReadToEndAsync();
            var output = worker.StandardOutput.ReadToEndAsync();
            await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Equal(2, worker.ExitCode);
            var line = StarterInvocation.SingleErrorLine(await error);
            Assert.Contains("no Temporal server configured", line);
            Assert.Contains("TEMPORAL_ADDRESS", line);
            Assert.Empty((await output).Trim());
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
