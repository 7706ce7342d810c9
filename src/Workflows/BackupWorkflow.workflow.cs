using CoderBootstrap.Activities.Backup;
using CoderBootstrap.Activities.Backup.Activities;
using CoderBootstrap.Activities.Contracts;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// A backup of Coder: spec and phase-1 outputs → pre-flight (database answers, running Coder
/// version, schema_migrations) → database dump streamed to object storage → Coder's Kubernetes
/// objects (secrets as references) → spec snapshot and state documents (→ templates and kubeconfig
/// reference with include-all) → manifest last → every N-th backup restored into a scratch
/// database → retention. A run that stops before the manifest leaves an incomplete backup that is
/// never offered for restore.
/// </summary>
[Workflow]
public sealed class BackupWorkflow
{
    private readonly StepTracker _steps = new(SpecStep.Name, "infra outputs", "pre-flight", "database dump", "kubernetes objects", "spec and state", "extras", "manifest", "verification", "retention");
    private string _environment = string.Empty;
    private string? _specDigest;
    private ActivityPolicies _policies = ActivityPolicies.Unscaled;
    private RunNotifier _notify = RunNotifier.Silent;

    [WorkflowQuery]
    public RunStatus Status => new(_environment, "backup", _steps.Phase, _steps.Steps, _specDigest);

    [WorkflowRun]
    public async Task<BackupResult> RunAsync(BackupInput input)
    {
        _policies = ActivityPolicies.WithRetryScale(input.RetryScale);
        _environment = input.Environment;
        _notify = RunNotifier.ForRun("backup", input.Environment, _policies);
        return await _notify.ReportAsync(() => RunStepsAsync(input), Completed);
    }

    private async Task<BackupResult> RunStepsAsync(BackupInput input)
    {
        var started = new DateTimeOffset(Workflow.UtcNow, TimeSpan.Zero);
        _steps.Phase = "pre-flight";
        var spec = await SpecStep.RunAsync(_steps, input.Environment, input.Snapshot, _policies);
        _specDigest = spec.Digest;
        await _notify.StartedAsync(new Dictionary<string, string>
        {
            ["spec"] = spec.Digest,
            ["kind"] = input.PreDestroy ? "pre-destroy" : "regular",
            ["include all"] = input.IncludeAll ? "yes" : "no",
        });
        var infra = await InfraOutputsStep.RunAsync(_steps, spec, input.Infra, _policies);
        var step = new BackupStepInput(spec, infra, BackupLayout.NewBackupId(started, Workflow.Random.Next(0, 1 << 24).ToString("x6", System.Globalization.CultureInfo.InvariantCulture)));
        var preflight = await _steps.RunAsync("pre-flight",
            () => Workflow.ExecuteActivityAsync((BackupPreflightActivities a) => a.PreflightBackupAsync(step), _policies.Quick),
            p => $"{step.BackupId}: Coder {p.CoderVersion}, schema_migrations {p.Migration?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent"}");

        _steps.Phase = "backup";
        var database = await _steps.RunAsync("database dump",
            () => Workflow.ExecuteActivityAsync((DatabaseBackupActivities a) => a.DumpDatabaseAsync(step), _policies.DatabaseStream),
            d => $"{d.Part.Size} bytes in {d.UploadParts} parts, {d.Tables.Count} tables");
        var parts = new List<BackupPart>
        {
            await _steps.RunAsync("kubernetes objects",
                () => Workflow.ExecuteActivityAsync((BackupContentActivities a) => a.ExportKubernetesObjectsAsync(step), _policies.Quick),
                p => $"{p.Size} bytes"),
        };
        parts.AddRange(await _steps.RunAsync("spec and state",
            () => Workflow.ExecuteActivityAsync((BackupContentActivities a) => a.CopySpecAndStateAsync(step), _policies.Quick),
            p => string.Join(", ", p.Select(x => x.Name))));
        if (input.IncludeAll)
        {
            parts.AddRange(await _steps.RunAsync("extras",
                () => Workflow.ExecuteActivityAsync((BackupContentActivities a) => a.CopyExtrasAsync(step), _policies.Quick),
                p => string.Join(", ", p.Select(x => x.Name))));
        }
        else
        {
            _steps.Skip("extras", "templates and kubeconfig reference only with --include-all");
        }

        var policy = spec.Spec.BackupPolicy;
        var expiresAt = started.AddDays(input.RetentionDays ?? policy.RetentionDays);
        var manifest = await _steps.RunAsync("manifest",
            () => Workflow.ExecuteActivityAsync((BackupContentActivities a) => a.WriteManifestAsync(new(step, preflight, database, parts, input.PreDestroy, started, expiresAt)), _policies.Quick),
            m => $"s3://{m.Bucket}/{m.Key}: {m.PartCount} parts, {m.TotalBytes} bytes");

        _steps.Phase = "verification";
        var verification = await VerifyAsync(step, input.Verify ?? (policy.VerifyEvery > 0 && preflight.Sequence % policy.VerifyEvery == 0));

        _steps.Phase = "retention";
        var retention = await _steps.RunAsync("retention",
            () => Workflow.ExecuteActivityAsync((BackupCatalogActivities a) => a.ApplyRetentionAsync(new(spec.Environment, policy.KeepLast, policy.RetentionDays, step.BackupId)), _policies.Quick),
            r => r.Deleted.Count == 0 ? $"nothing deleted, {r.Kept} kept" : $"deleted {string.Join(", ", r.Deleted)}; {r.Kept} kept");
        _steps.Phase = "done";
        return new BackupResult(spec.Environment, step.BackupId, step.Bucket, manifest.Key, manifest.TotalBytes, manifest.PartCount, preflight.CoderVersion,
            input.PreDestroy, expiresAt, retention.Deleted, started.UtcDateTime, Workflow.UtcNow, preflight.Sequence, verification);
    }

    private static (string Title, IReadOnlyDictionary<string, string> Details) Completed(BackupResult r) =>
        ($"backup {r.BackupId} of {r.Environment} completed", new Dictionary<string, string>
        {
            ["backup"] = r.BackupId,
            ["manifest"] = $"s3://{r.Bucket}/{r.ManifestKey}",
            ["size"] = $"{r.TotalBytes} bytes in {r.PartCount} parts",
            ["coder version"] = r.CoderVersion,
            ["expires"] = r.ExpiresAt?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "never",
            ["verified"] = r.Verification is null ? "not this time" : r.Verification.Matches ? "yes" : "no",
            ["deleted by retention"] = r.DeletedByRetention.Count == 0 ? "nothing" : string.Join(", ", r.DeletedByRetention),
        });

    /// <summary>"A backup that has never been restored isn't a backup": a mismatch fails the run before retention can delete an older good one.</summary>
    private async Task<ScratchVerifyReport?> VerifyAsync(BackupStepInput step, bool due)
    {
        if (!due)
        {
            _steps.Skip("verification", "not due (backup.verify_every)");
            return null;
        }
        var report = await _steps.RunAsync("verification",
            () => Workflow.ExecuteActivityAsync((BackupCatalogActivities a) => a.VerifyByScratchRestoreAsync(new(step.Snapshot, step.Infra, step.BackupId)), _policies.BackupRead),
            r => r.Matches ? $"restored into a scratch database: {r.Tables} tables, {r.Rows} rows match" : string.Join("; ", r.Differences));
        if (!report.Matches)
        {
            _steps.Fail("verification", string.Join("; ", report.Differences));
            throw new ApplicationFailureException($"backup {step.BackupId} of {step.Environment} did not restore as recorded: {string.Join("; ", report.Differences)}", "BackupVerificationFailed", nonRetryable: true);
        }
        return report;
    }
}
