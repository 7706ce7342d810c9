using System.Collections.Concurrent;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows.Tests.Fast;

/// <summary>
/// Stands in for the backup workflow (built on another branch) under its workflow type name: records
/// what the teardown asked for and answers with a backup of that environment.
/// </summary>
[Workflow("BackupWorkflow")]
public sealed class StandInBackupWorkflow
{
    /// <summary>The inputs each environment's backup was started with, by environment.</summary>
    public static ConcurrentDictionary<string, BackupInput> Inputs { get; } = new(StringComparer.Ordinal);

    [WorkflowRun]
    public Task<BackupResult> RunAsync(BackupInput input)
    {
        Inputs[input.Environment] = input;
        var now = new DateTimeOffset(Workflow.UtcNow, TimeSpan.Zero);
        return Task.FromResult(new BackupResult(input.Environment, "backup-1", $"coder-backups-{input.Environment}", "backup-1/manifest.json",
            1024, 1, "v2.20.0", input.PreDestroy, now.AddDays(input.RetentionDays ?? 30), [], now.UtcDateTime, now.UtcDateTime));
    }
}
