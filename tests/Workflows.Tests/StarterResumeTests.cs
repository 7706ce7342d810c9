using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Sandbox.Hosting;
using CoderBootstrap.Sandbox.Runtime;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>
/// The main command as a user runs it, in a process of its own: quiet on a normal run; killed with
/// SIGKILL in the middle (the Starter alone, as <c>kill -9 &lt;pid&gt;</c> does) and run again in a new
/// process, it picks up the same run and completes it, creating nothing twice.
/// </summary>
public sealed class StarterResumeTests
{
    private static readonly string[] Phase1Prefixes = ["vpc.", "k8s.clusters", "k8s.pools", "rdb."];

    private const string Completed = "Setup of dev completed";

    /// <summary>A post-setup hook whose first run hangs (its child <c>sleep</c> recorded in hook.pid beside hooks/) and whose later runs finish at once (touching hook.again).</summary>
    private const string HangingFirstHook = """
        #!/usr/bin/env bash
        marker="$(dirname "$0")/../hook.pid"
        if [ -e "$marker" ]; then touch "$(dirname "$0")/../hook.again"; exit 0; fi
        sleep 600 &
        echo $! > "$marker.tmp" && mv "$marker.tmp" "$marker"
        wait
        """;

    [Fact]
    public async Task ADevSetupPrintsNoWarningOrErrorLineAndTheSdkLinesGoToTheRunLog()
    {
        var root = RepositoryCopy.WithHook("post-setup", "#!/usr/bin/env bash\necho done\n");
        try
        {
            using var starter = StarterProcess.Setup(root, TestSupport.FreePort());
            var code = await starter.WaitForExitAsync(TimeSpan.FromMinutes(4));
            var text = starter.Output;
            Assert.True(code == 0, text);
            Assert.Contains(Completed, text);
            Assert.DoesNotContain(starter.Lines, line => line.Contains("WARN", StringComparison.Ordinal) || line.Contains("ERROR", StringComparison.Ordinal)
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
        var port = TestSupport.FreePort();
        try
        {
            using (var first = StarterProcess.Setup(root, port))
            {
                await first.WaitForLineAsync("infra/cluster ready running", TimeSpan.FromMinutes(2));
                await first.KillAsync(entireProcessTree: true);
            }
            using var second = StarterProcess.Setup(root, port);
            var code = await second.WaitForExitAsync(TimeSpan.FromMinutes(4));
            var text = second.Output;
            Assert.True(code == 0, text);
            Assert.Contains("resuming the setup of dev", text);
            Assert.Contains(Completed, text);
            // The SDK's own lines (poll errors after the kill, heartbeat warnings) go to logs/, not to the console.
            Assert.DoesNotContain(second.Lines, line => line.Contains("temporalio_sdk_core", StringComparison.Ordinal) || line.Contains(" WARN ", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task ASetupKilledDuringTheTemplatePushCompletesInANewProcessWithoutPhase1CallsOrDuplicates()
    {
        var resumed = await KillAndResumeAsync(RepositoryCopy.WithHook("post-setup", "#!/usr/bin/env bash\necho done\n"),
            (watch, _) => watch.WaitForAsync(e => e.Operation == "coder.templateversions.create" && !e.Faulted, TimeSpan.FromMinutes(3)));

        Assert.Empty(Phase1Mutations(resumed.Second));
        Assert.Equal(OneOfEach, resumed.Resources);
        // The template step resumed: the rerun pushed (or found) the templates and the run's health checks read them.
        Assert.Contains(resumed.Second, e => e.Operation?.StartsWith("coder.templates", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task ASetupKilledDuringTheDatabaseWaitCompletesInANewProcessWithoutInternalErrorsOrDuplicates()
    {
        var resumed = await KillAndResumeAsync(RepositoryCopy.WithHook("post-setup", "#!/usr/bin/env bash\necho done\n"), async (watch, _) =>
        {
            var created = await watch.WaitForAsync(e => e.Operation == "rdb.instances.create" && !e.Faulted, TimeSpan.FromMinutes(2));
            await watch.WaitForAsync(e => e.Operation == "rdb.instances.get" && e.Sequence > created.Sequence, TimeSpan.FromMinutes(1));
        });

        // The killed sandbox's PostgreSQL did not outlive it and answer the rerun's database reads with 500 internal_error.
        Assert.DoesNotContain(resumed.Second, e => e.Operation?.StartsWith("rdb.", StringComparison.Ordinal) == true && e.Status >= 500 && !e.Faulted);
        Assert.DoesNotContain("internal_error", resumed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(resumed.Second, e => e.Operation == "rdb.instances.create");
        Assert.Equal(OneOfEach, resumed.Resources);
        // The killed process's attempt of the wait was failed by the new one, not left to its heartbeat timeout.
        Assert.Contains("what the killed process was running: ", resumed.Output, StringComparison.Ordinal);
        Assert.Contains("WaitForDatabaseReady", resumed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASetupKilledDuringAHookCompletesInANewProcessAndNoHookProcessIsLeft()
    {
        string? pidFile = null;
        var resumed = await KillAndResumeAsync(RepositoryCopy.WithHook("post-setup", HangingFirstHook), (_, root) =>
        {
            pidFile = Path.Combine(root, "hook.pid");
            return TestSupport.WaitUntilAsync(() => Task.FromResult(File.Exists(pidFile)), timeoutSeconds: 180);
        }, beforeCleanup: () =>
        {
            // The hook's child outlived the killed Starter (it was not signalled); the rerun's attempt killed its process group.
            var child = int.Parse(File.ReadAllText(pidFile!).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.False(IsRunning(child), $"the first hook's sleep (pid {child}) is still running");
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(pidFile!)!, "hook.again")), "the hook did not run again");
        });

        Assert.Empty(Phase1Mutations(resumed.Second));
        Assert.Equal(OneOfEach, resumed.Resources);
    }

    [Fact]
    public async Task ATeardownKilledWhileTheClusterIsDeletedFinishesTheSameRunInANewProcess()
    {
        var root = RepositoryCopy.WithHook("post-setup", "#!/usr/bin/env bash\necho done\n");
        var port = TestSupport.FreePort();
        var sandboxPort = TestSupport.FreePort();
        string[] teardown = ["run", "teardown", "--env=dev", "--confirm", "--skip-backup", "--sandbox", "--time-scale=0.05"];
        try
        {
            using (var setup = StarterProcess.Setup(root, port, sandboxPort))
            {
                Assert.True(await setup.WaitForExitAsync(TimeSpan.FromMinutes(4)) == 0, setup.Output);
            }
            using (var first = StarterProcess.Start(root, port, sandboxPort, teardown))
            {
                await using var watch = new SandboxRequestWatch(sandboxPort);
                await watch.WaitForAsync(e => e.Operation == "k8s.clusters.delete" && !e.Faulted, TimeSpan.FromMinutes(3));
                await first.KillAsync();
            }
            await using var secondWatch = new SandboxRequestWatch(sandboxPort);
            using var second = StarterProcess.Start(root, port, sandboxPort, teardown);
            var code = await second.WaitForExitAsync(TimeSpan.FromMinutes(4));
            var text = second.Output;

            Assert.True(code == 0, text);
            Assert.Contains("resuming the teardown of dev", text);
            Assert.Contains("Teardown of dev completed", text);
            // The inventory and the Coder phase were not run again: the rerun only went on from the cluster's deletion.
            Assert.DoesNotContain(secondWatch.Entries, e => e.Operation is "k8s.apply" or "coder.templateversions.create");
            Assert.Empty(await TaggedResourceKindsAsync(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static readonly string[] OneOfEach = ["cluster", "database", "load balancer", "pool", "private network"];

    private static List<string> Phase1Mutations(IReadOnlyList<RequestLogEntry> entries) =>
        entries.Where(e => e.Mutation && e.Operation is { } op && Phase1Prefixes.Any(op.StartsWith)).Select(e => e.Operation!).ToList();

    private sealed record Resumed(IReadOnlyList<RequestLogEntry> Second, string Output, IReadOnlyList<string> Resources);

    /// <summary>
    /// Runs the dev setup in a Starter process, waits for <paramref name="point"/> (read from the
    /// sandbox's request log or the repository copy), SIGKILLs the Starter alone, runs the same
    /// command in a new process and requires it to resume the run and complete. Returns the new
    /// process's sandbox requests, its output, and the kinds of the tagged resources left.
    /// </summary>
    private static async Task<Resumed> KillAndResumeAsync(string root, Func<SandboxRequestWatch, string, Task> point, Action? beforeCleanup = null)
    {
        var port = TestSupport.FreePort();
        var sandboxPort = TestSupport.FreePort();
        try
        {
            using (var first = StarterProcess.Setup(root, port, sandboxPort))
            {
                await using var watch = new SandboxRequestWatch(sandboxPort);
                await point(watch, root);
                await first.KillAsync();
            }
            await using var secondWatch = new SandboxRequestWatch(sandboxPort);
            using var second = StarterProcess.Setup(root, port, sandboxPort);
            var code = await second.WaitForExitAsync(TimeSpan.FromMinutes(4));
            var text = second.Output;
            Assert.True(code == 0, text);
            Assert.Contains("resuming the setup of dev", text);
            Assert.Contains(Completed, text);
            beforeCleanup?.Invoke();
            return new Resumed(secondWatch.Entries, text, await TaggedResourceKindsAsync(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The tagged resources of dev, read through the sandbox restarted on the Starter's state directory.</summary>
    private static async Task<IReadOnlyList<string>> TaggedResourceKindsAsync(string root)
    {
        await using var sandbox = await SandboxHost.StartAsync(new SandboxHostOptions
        {
            StateDirectory = Path.Combine(root, ".local", "sandbox"),
            TimeScale = 0.002,
            UseRealPostgres = false,
        });
        var environment = sandbox.ClientEnvironment;
        using var services = new ActivityServices(new CoderBootstrapOptions
        {
            RepositoryRoot = root,
            Environment = name => environment.TryGetValue(name, out var value) ? value : null,
        }, Serilog.Core.Logger.None);
        var kinds = (await CloudFixture.TaggedResourcesAsync(services.Scaleway, "dev"))
            .Select(resource => resource.Split(' ')[0] switch { "private" => "private network", "load" => "load balancer", var kind => kind })
            .Order(StringComparer.Ordinal)
            .ToList();
        return kinds;
    }

    /// <summary>True when the process exists and is not a zombie waiting to be reaped.</summary>
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
