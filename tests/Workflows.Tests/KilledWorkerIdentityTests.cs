using System.Diagnostics;
using System.Net;
using CoderBootstrap.Starter.Hosting;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>Which worker identities (the SDK's <c>pid@host</c>) name a killed process whose attempts a resuming Starter may fail at once.</summary>
public sealed class KilledWorkerIdentityTests
{
    [Fact]
    public async Task AnExitedProcessOfThisMachineIsGone()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        var pid = process.Id;
        process.Dispose();

        Assert.True(KilledWorkerActivities.IsGoneProcessOfThisMachine($"{pid}@{Dns.GetHostName()}"));
    }

    [Fact]
    public void ThisProcessAndOtherMachinesAndOtherIdentityFormsAreNeverTakenForGone()
    {
        Assert.False(KilledWorkerActivities.IsGoneProcessOfThisMachine($"{Environment.ProcessId}@{Dns.GetHostName()}"));
        Assert.False(KilledWorkerActivities.IsGoneProcessOfThisMachine($"999999@another-host"));
        Assert.False(KilledWorkerActivities.IsGoneProcessOfThisMachine("worker-prod-1"));
        Assert.False(KilledWorkerActivities.IsGoneProcessOfThisMachine($"@{Dns.GetHostName()}"));
    }
}
