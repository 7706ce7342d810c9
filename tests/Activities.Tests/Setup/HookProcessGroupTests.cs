using System.Diagnostics;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Setup;
using CoderBootstrap.Activities.Tests.Coder;
using Temporalio.Activities;
using Temporalio.Converters;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace CoderBootstrap.Activities.Tests.Setup;

/// <summary>Hooks run in a process group of their own: nothing they start outlives the hook activity.</summary>
[Collection(SandboxPhase1Collection.Name)]
public sealed class HookProcessGroupTests
{
    private readonly SandboxPhase1Fixture _fixture;

    public HookProcessGroupTests(SandboxPhase1Fixture fixture) => _fixture = fixture;

    [Fact]
    public async Task AHookRunningPastItsTimeoutIsKilledWithTheChildItSpawned()
    {
        var (hook, pidFile) = WriteHookWithChildSleepingForever("timeout-child");
        File.WriteAllText(Path.Combine(_fixture.RepositoryRoot, "hooks", hook + ".timeout"), "1s");

        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() => RunAsync(new ActivityEnvironment(), hook));

        Assert.Equal(ErrorTypes.HookFailed, error.ErrorType);
        Assert.Contains($"hook {hook} timed out after 1s and was killed with its child processes", error.Message);
        AssertGone(ReadPids(pidFile));
    }

    [Fact]
    public async Task ACancelledHookIsKilledWithTheChildItSpawned()
    {
        var (hook, pidFile) = WriteHookWithChildSleepingForever("cancel-child");
        var environment = new ActivityEnvironment();
        var run = RunAsync(environment, hook);
        await WaitUntilAsync(() => ReadPids(pidFile).Count == 2);

        environment.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        AssertGone(ReadPids(pidFile));
    }

    [Fact]
    public async Task AChildLeftRunningByAHookThatExitedIsKilledWhenTheActivityEnds()
    {
        var hook = "background-child";
        var pidFile = Path.Combine(_fixture.RepositoryRoot, hook + ".pids");
        WriteHook(hook, $"sleep 1000 &\necho $! > '{pidFile}'\necho started");

        var result = await RunAsync(new ActivityEnvironment(), hook);

        Assert.Equal(0, result.ExitCode);
        AssertGone(ReadPids(pidFile));
    }

    [Fact]
    public async Task ARetryKillsTheProcessGroupTheLostAttemptRecordedInItsHeartbeat()
    {
        WriteHook("after-lost-worker", "echo rerun");
        using var leftover = Process.Start(new ProcessStartInfo(ProcessGroup.SetsidPath!, ["sleep", "1000"]))!;
        await WaitUntilAsync(() => LeadsItsOwnGroup(leftover.Id));
        var environment = new ActivityEnvironment
        {
            Info = ActivityEnvironment.DefaultInfo with
            {
                Attempt = 2,
                HeartbeatDetails = [DataConverter.Default.PayloadConverter.ToPayload(new HookProcessGroup(leftover.Id))],
            },
        };

        var result = await RunAsync(environment, "after-lost-worker");

        Assert.True(result.Ran);
        Assert.True(leftover.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Contains(_fixture.Logs.Lines, l => l.Contains("left by an earlier attempt", StringComparison.Ordinal) && l.Contains(leftover.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AHookHeartbeatsItsProcessGroupWhileItRuns()
    {
        WriteHook("heartbeating", "sleep 0.3");
        var details = new List<object?>();
        var environment = new ActivityEnvironment { Heartbeater = d => details.AddRange(d) };

        await RunAsync(environment, "heartbeating");

        Assert.Contains(details, d => d is HookProcessGroup { Id: > 1 });
    }

    [Fact]
    public async Task TheTimeoutFileOfAHookWinsOverTheDefaultAndIsShownInItsPlan()
    {
        WriteHook("planned", "true");
        File.WriteAllText(Path.Combine(_fixture.RepositoryRoot, "hooks", "planned.timeout"), "1h30m\n");

        var plan = await DescribeAsync(DevSnapshot(hooksTimeout: TimeSpan.FromMinutes(3)), "planned");

        Assert.Equal(TimeSpan.FromMinutes(90), plan.Timeout);
        Assert.Equal("timeout 1h30m (hooks/planned.timeout)", plan.Detail);
    }

    [Fact]
    public async Task WithoutATimeoutFileTheHooksSectionOfTheRunsSnapshotSetsTheTimeout()
    {
        WriteHook("spec-timed", "true");

        var plan = await DescribeAsync(DevSnapshot(hooksTimeout: TimeSpan.FromMinutes(3)), "spec-timed");

        Assert.Equal(TimeSpan.FromMinutes(3), plan.Timeout);
        Assert.Equal("timeout 3m (spec hooks.timeout)", plan.Detail);
    }

    [Fact]
    public async Task TheTimeoutHandedForwardInTheHookInputBoundsTheHook()
    {
        var (hook, pidFile) = WriteHookWithChildSleepingForever("handed-timeout");

        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityEnvironment().RunAsync(() =>
            new SetupActivities(_fixture.Services).RunHookAsync(new HookInput("dev", hook, null, null, TimeSpan.FromSeconds(1)))));

        Assert.Equal(ErrorTypes.HookFailed, error.ErrorType);
        Assert.Contains($"hook {hook} timed out after 1s", error.Message);
        AssertGone(ReadPids(pidFile));
    }

    [Fact]
    public async Task AnAbsentHookWithoutATimeoutFileIsPlannedWithTheDefaultTimeout()
    {
        var plan = await DescribeAsync(DevSnapshot(hooksTimeout: null), "never-written");

        Assert.False(plan.Exists);
        Assert.Equal("default", plan.TimeoutSource);
        Assert.Equal(_fixture.Services.Options.HookTimeout, plan.Timeout);
    }

    [Fact]
    public async Task ABadTimeoutFileIsAPermanentErrorNamingTheFile()
    {
        WriteHook("badly-timed", "true");
        File.WriteAllText(Path.Combine(_fixture.RepositoryRoot, "hooks", "badly-timed.timeout"), "soon");

        var error = await Assert.ThrowsAsync<ApplicationFailureException>(() => DescribeAsync(DevSnapshot(hooksTimeout: null), "badly-timed"));

        Assert.True(error.NonRetryable);
        Assert.Contains("hooks/badly-timed.timeout: bad value 'soon'", error.Message);
    }

    private (string Hook, string PidFile) WriteHookWithChildSleepingForever(string hook)
    {
        var pidFile = Path.Combine(_fixture.RepositoryRoot, hook + ".pids");
        WriteHook(hook, $"sleep 1000 &\necho $! > '{pidFile}'\necho $$ >> '{pidFile}'\nsleep 1000");
        return (hook, pidFile);
    }

    /// <summary>The dev spec as a run carries it, with the hooks section given here (the file on disk is never read again).</summary>
    private SpecSnapshot DevSnapshot(TimeSpan? hooksTimeout)
    {
        var snapshot = _fixture.Services.Environments.LoadSnapshot("dev");
        return snapshot with { Spec = snapshot.Spec with { Hooks = hooksTimeout is null ? null : new HooksSpec(hooksTimeout) } };
    }

    private Task<HookPlan> DescribeAsync(SpecSnapshot snapshot, string hook) =>
        new ActivityEnvironment().RunAsync(() => new SetupActivities(_fixture.Services).DescribeHookAsync(new DescribeHookInput(snapshot, hook)));

    private Task<HookResult> RunAsync(ActivityEnvironment environment, string hook) =>
        environment.RunAsync(() => new SetupActivities(_fixture.Services).RunHookAsync(new HookInput("dev", hook, null, null)));

    private void WriteHook(string name, string body) =>
        File.WriteAllText(Path.Combine(_fixture.RepositoryRoot, "hooks", name + ".sh"), "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n");

    private static List<int> ReadPids(string file) =>
        File.Exists(file) ? File.ReadAllLines(file).Where(l => l.Trim().Length > 0).Select(l => int.Parse(l.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList() : [];

    /// <summary>Each process is gone or a zombie waiting for init to reap it (it no longer runs).</summary>
    private static void AssertGone(IReadOnlyList<int> pids)
    {
        Assert.NotEmpty(pids);
        foreach (var pid in pids)
        {
            var stat = $"/proc/{pid}/stat";
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (File.Exists(stat) && !IsZombie(stat) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
            Assert.True(!File.Exists(stat) || IsZombie(stat), $"process {pid} of the hook still runs");
        }
    }

    /// <summary>setsid has run: the process group id (the 5th field of /proc/&lt;pid&gt;/stat) is the pid.</summary>
    private static bool LeadsItsOwnGroup(int pid)
    {
        var text = File.ReadAllText($"/proc/{pid}/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return fields[2] == pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IsZombie(string statFile)
    {
        try
        {
            var text = File.ReadAllText(statFile);
            return text[(text.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
