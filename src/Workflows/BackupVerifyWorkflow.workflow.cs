using CoderBootstrap.Activities.Backup.Activities;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// Proves a backup restores: spec and phase-1 outputs → every part's size and SHA-256 recomputed
/// → (when they match) the dump restored into a scratch database on the same server, tables and
/// row counts compared with the figures recorded at backup time, the scratch database dropped.
/// </summary>
[Workflow]
public sealed class BackupVerifyWorkflow
{
    private readonly StepTracker _steps = new(SpecStep.Name, InfraOutputsStep.Name, "checksums", "scratch restore");
    private string _environment = string.Empty;
    private string? _specDigest;
    private ActivityPolicies _policies = ActivityPolicies.Unscaled;

    [WorkflowQuery]
    public RunStatus Status => new(_environment, "verify", _steps.Phase, _steps.Steps, _specDigest);

    [WorkflowRun]
    public async Task<BackupVerifyResult> RunAsync(BackupVerifyInput input)
    {
        _policies = ActivityPolicies.WithRetryScale(input.RetryScale);
        _environment = input.Environment;
        _steps.Phase = "checksums";
        var spec = await SpecStep.RunAsync(_steps, input.Environment, input.Snapshot, _policies);
        _specDigest = spec.Digest;
        var infra = await InfraOutputsStep.RunAsync(_steps, spec, input.Infra, _policies);
        var checksums = await _steps.RunAsync("checksums",
            () => Workflow.ExecuteActivityAsync((BackupCatalogActivities a) => a.VerifyChecksumsAsync(new(spec.Environment, input.Backup)), _policies.BackupRead),
            c => c.Matches ? $"{c.Backup.BackupId}: all {c.Backup.PartCount} parts match" : string.Join("; ", c.Problems));
        if (!checksums.Matches)
        {
            _steps.Fail("checksums", string.Join("; ", checksums.Problems));
            _steps.Skip("scratch restore", "the checksums do not match");
            _steps.Phase = "done";
            return new BackupVerifyResult(spec.Environment, checksums.Backup.BackupId, checksums, null);
        }

        _steps.Phase = "scratch restore";
        var restore = await _steps.RunAsync("scratch restore",
            () => Workflow.ExecuteActivityAsync((BackupCatalogActivities a) => a.VerifyByScratchRestoreAsync(new(spec, infra, checksums.Backup.BackupId)), _policies.BackupRead),
            r => r.Matches ? $"{r.Tables} tables, {r.Rows} rows match" : string.Join("; ", r.Differences));
        _steps.Phase = "done";
        return new BackupVerifyResult(spec.Environment, checksums.Backup.BackupId, checksums, restore);
    }
}
