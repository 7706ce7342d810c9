using CoderBootstrap.Activities.Backup.Activities;
using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Setup;
using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// A restore of Coder from a backup: spec and phase-1 outputs → the backup's manifest and every
/// checksum verified → refused when the running Coder version differs from the backup's (unless
/// forced, recorded) → Coder scaled to 0 so no replica writes → pg_restore --clean --if-exists into
/// the environment's database → Coder's objects re-applied → scaled back, rollout awaited →
/// health checks. Nothing is changed before the checks pass.
/// </summary>
[Workflow]
public sealed class RestoreWorkflow
{
    private readonly StepTracker _steps = new(SpecStep.Name, InfraOutputsStep.Name, "checksums", "coder version", "scale down", "database restore", "coder objects", "scale up", "coder rollout", "health checks");
    private string _environment = string.Empty;
    private string? _specDigest;
    private ActivityPolicies _policies = ActivityPolicies.Unscaled;
    private RunNotifier _notify = RunNotifier.Silent;

    [WorkflowQuery]
    public RunStatus Status => new(_environment, "restore", _steps.Phase, _steps.Steps, _specDigest);

    [WorkflowRun]
    public async Task<RestoreResult> RunAsync(RestoreInput input)
    {
        _policies = ActivityPolicies.WithRetryScale(input.RetryScale);
        _environment = input.Environment;
        _notify = RunNotifier.ForRun("restore", input.Environment, _policies);
        return await _notify.ReportAsync(() => RunStepsAsync(input), Completed);
    }

    private async Task<RestoreResult> RunStepsAsync(RestoreInput input)
    {
        var started = Workflow.UtcNow;
        _steps.Phase = "checks";
        var spec = await SpecStep.RunAsync(_steps, input.Environment, input.Snapshot, _policies);
        _specDigest = spec.Digest;
        await _notify.StartedAsync(new Dictionary<string, string>
        {
            ["spec"] = spec.Digest,
            ["backup"] = input.Backup,
            ["force"] = input.Force ? "yes (--force)" : "no",
        });
        var infra = await InfraOutputsStep.RunAsync(_steps, spec, input.Infra, _policies);
        var coderStep = new CoderStepInput(spec, infra);
        var checksums = await _steps.RunAsync("checksums",
            () => Workflow.ExecuteActivityAsync((BackupCatalogActivities a) => a.VerifyChecksumsAsync(new(spec.Environment, input.Backup)), _policies.BackupRead),
            c => c.Matches ? $"{c.Backup.BackupId}: all {c.Backup.PartCount} parts match" : string.Join("; ", c.Problems));
        if (!checksums.Matches)
        {
            _steps.Fail("checksums", string.Join("; ", checksums.Problems));
            throw new ApplicationFailureException($"backup {checksums.Backup.BackupId} of {spec.Environment} is damaged, nothing was changed: {string.Join("; ", checksums.Problems)}", ErrorTypesOf.BackupIntegrity, nonRetryable: true);
        }
        var backup = checksums.Backup;
        var running = await _steps.RunAsync("coder version", () => CheckCoderVersionAsync(coderStep, backup, input.Force), r => Describe(backup, r, input.Force));

        _steps.Phase = "restore";
        var step = new RestoreStepInput(spec, infra, backup);
        var scaled = await _steps.RunAsync("scale down",
            () => Workflow.ExecuteActivityAsync((CoderScaleActivities a) => a.ScaleCoderAsync(new(coderStep, 0)), _policies.KubernetesWait),
            s => $"{s.PreviousReplicas} → 0 replicas");
        var restored = await _steps.RunAsync("database restore",
            () => Workflow.ExecuteActivityAsync((RestoreActivities a) => a.RestoreDatabaseAsync(step), _policies.DatabaseStream),
            r => $"{r.Bytes} bytes into {r.Database}");
        var objects = await _steps.RunAsync("coder objects",
            () => Workflow.ExecuteActivityAsync((RestoreActivities a) => a.ReapplyCoderObjectsAsync(step), _policies.KubernetesWait),
            o => $"{o.Objects.Count} objects re-applied");
        var replicas = scaled.PreviousReplicas > 0 ? scaled.PreviousReplicas : spec.Spec.Coder.Replicas;
        await _steps.RunAsync("scale up",
            () => Workflow.ExecuteActivityAsync((CoderScaleActivities a) => a.ScaleCoderAsync(new(coderStep, replicas)), _policies.KubernetesWait),
            s => $"0 → {s.Replicas} replicas");

        _steps.Phase = "health";
        var endpoint = await _steps.RunAsync("coder rollout",
            () => Workflow.ExecuteActivityAsync((CoderRolloutActivities a) => a.WaitForCoderRolloutAsync(coderStep), _policies.RolloutWait),
            e => e.Url);
        var health = await _steps.RunAsync("health checks",
            () => Workflow.ExecuteActivityAsync((SetupActivities a) => a.RunHealthChecksAsync(new(coderStep, spec.Spec.Templates)), _policies.Quick),
            h => $"{h.Checks.Count(c => c.Passed)}/{h.Checks.Count} passed");
        if (!health.AllPassed)
        {
            var failed = string.Join("; ", health.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}"));
            throw new ApplicationFailureException($"health checks failed after the restore of {spec.Environment}: {failed}", "HealthChecksFailed");
        }
        _steps.Phase = "done";
        return new RestoreResult(spec.Environment, backup.BackupId, backup.CoderVersion, running.Version, running.Version != backup.CoderVersion,
            restored.Bytes, objects.Objects, endpoint.Url, health, started, Workflow.UtcNow);
    }

    private static (string Title, IReadOnlyDictionary<string, string> Details) Completed(RestoreResult r) =>
        ($"restore of {r.Environment} from {r.BackupId} completed", new Dictionary<string, string>
        {
            ["backup"] = r.BackupId,
            ["coder version"] = r.Forced ? $"FORCED: backup from {r.BackupCoderVersion}, running {r.RunningCoderVersion}" : r.RunningCoderVersion,
            ["database"] = $"{r.DatabaseBytes} bytes restored",
            ["coder objects"] = $"{r.Objects.Count} re-applied",
            ["coder url"] = r.CoderUrl,
        });

    /// <summary>Coder cannot roll back: its database must be restored onto the version whose migrations it holds.</summary>
    private async Task<RunningCoder> CheckCoderVersionAsync(CoderStepInput step, BackupSummary backup, bool force)
    {
        var running = await Workflow.ExecuteActivityAsync((CoderScaleActivities a) => a.ReadRunningCoderAsync(step), _policies.Quick);
        if (running.Version != backup.CoderVersion && !force)
        {
            throw new ApplicationFailureException(
                $"backup {backup.BackupId} was taken from Coder {backup.CoderVersion} but {step.Environment} runs Coder {running.Version}: deploy {backup.CoderVersion} first, or restore with --force",
                ErrorTypesOf.CoderVersionMismatch, nonRetryable: true);
        }
        if (running.Version != backup.CoderVersion)
        {
            Workflow.Logger.LogWarning("Restore of {BackupId} onto Coder {Running} (backup from {BackupVersion}) forced", backup.BackupId, running.Version, backup.CoderVersion);
        }
        return running;
    }

    private static string Describe(BackupSummary backup, RunningCoder running, bool force) =>
        running.Version == backup.CoderVersion
            ? $"Coder {running.Version}, as in the backup"
            : $"FORCED: backup from Coder {backup.CoderVersion}, running {running.Version}{(force ? " (--force)" : "")}";
}

/// <summary>Error types of the backup failures a workflow raises itself.</summary>
internal static class ErrorTypesOf
{
    public const string BackupIntegrity = nameof(FailureKind.BackupIntegrity);
    public const string CoderVersionMismatch = nameof(FailureKind.CoderVersionMismatch);
}
