using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Workflows;

namespace CoderBootstrap.Starter;

/// <summary>The inventory a teardown would remove, and the summary of one that ran.</summary>
internal static class TeardownSummaryPrinter
{
    public static async Task PrintInventoryAsync(TextWriter output, TeardownInventory inventory)
    {
        if (inventory.IsEmpty)
        {
            await output.WriteLineAsync($"Nothing to tear down for {inventory.Environment}: no resource recorded or tagged env={inventory.Environment}").ConfigureAwait(false);
            return;
        }
        await output.WriteLineAsync($"Teardown of {inventory.Environment} would delete:").ConfigureAwait(false);
        foreach (var item in inventory.Items)
        {
            var origin = item.Orphan ? "orphan (tagged, not in the state)" : "recorded";
            var cost = item.MonthlyEur > 0 ? $", €{item.MonthlyEur:F2}/month" : string.Empty;
            await output.WriteLineAsync($"  {item.Kind,-18} {item.Id} {item.Name} [{item.Status}] {origin}{cost}").ConfigureAwait(false);
        }
        if (inventory.CoderDeployed)
        {
            await output.WriteLineAsync($"  {"coder",-18} namespace and workspaces on cluster {inventory.CoderClusterId}").ConfigureAwait(false);
        }
        await output.WriteLineAsync($"  Monthly cost stopped: €{inventory.MonthlyCostEur:F2}").ConfigureAwait(false);
        await output.WriteLineAsync($"  State documents:      s3://{inventory.StateBucket} (kept, marked destroyed; --purge-state deletes them)").ConfigureAwait(false);
    }

    public static async Task PrintAsync(TextWriter output, TeardownResult result, TimeSpan elapsed)
    {
        if (result.Outcome == "nothing to tear down")
        {
            await output.WriteLineAsync($"Teardown of {result.Environment}: nothing to tear down").ConfigureAwait(false);
            return;
        }
        await output.WriteLineAsync($"Teardown of {result.Environment} completed in {elapsed.TotalSeconds:F1} s ({result.Outcome})").ConfigureAwait(false);
        foreach (var deleted in result.Deleted)
        {
            await output.WriteLineAsync($"  deleted: {deleted}").ConfigureAwait(false);
        }
        foreach (var kept in result.Kept)
        {
            await output.WriteLineAsync($"  kept:    {kept}").ConfigureAwait(false);
        }
        var backup = result.Backup is { } b ? $"{b.BackupId} (s3://{b.Bucket}/{b.ManifestKey})" : $"skipped ({result.BackupSkippedBecause})";
        await output.WriteLineAsync($"  Backup:          {backup}").ConfigureAwait(false);
        await output.WriteLineAsync($"  Monthly cost saved: €{result.MonthlyCostSavedEur:F2}").ConfigureAwait(false);
        if (result.Approval is { } approval)
        {
            await output.WriteLineAsync($"  Approved by:     {approval.By}").ConfigureAwait(false);
        }
        foreach (var (phase, duration) in result.PhaseDurations)
        {
            await output.WriteLineAsync($"  {phase,-16} {duration.TotalSeconds:F1} s").ConfigureAwait(false);
        }
    }
}
