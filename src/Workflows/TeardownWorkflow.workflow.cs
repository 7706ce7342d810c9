using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Teardown;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// The teardown of an environment, as the specification's teardown.sh: spec → pre-teardown hook →
/// inventory (state documents and tagged resources, orphans included) → approval gate (prod) →
/// pre-destroy backup → Coder (workspaces, namespace, its load balancer) → infrastructure (cluster
/// and database in parallel, each waited to 404, then the private network) → kubeconfig → state
/// documents marked destroyed → post-teardown hook → summary. Every step makes sure something is
/// gone (404 is done), so a rerun from any point finishes the job.
/// </summary>
[Workflow]
public sealed class TeardownWorkflow() : ApprovalGatedWorkflow("teardown")
{
    private readonly StepTracker _steps = new(SpecStep.Name, "pre-teardown hook", "inventory", "approval", "backup", "coder",
        "cluster", "database", "volumes", "private network", "kubeconfig", "state", "post-teardown hook");
    private readonly Dictionary<string, TimeSpan> _durations = [];
    private string? _specDigest;
    private ActivityPolicies _policies = ActivityPolicies.Unscaled;
    private RunNotifier _notify = RunNotifier.Silent;

    [WorkflowQuery]
    public RunStatus Status => new(Environment, "teardown", _steps.Phase, _steps.Steps, _specDigest);

    [WorkflowRun]
    public async Task<TeardownResult> RunAsync(TeardownInput input)
    {
        Environment = input.Environment;
        _policies = ActivityPolicies.WithRetryScale(input.RetryScale);
        _notify = RunNotifier.ForRun("teardown", input.Environment, _policies, silent: input.DryRun);
        return await _notify.ReportAsync(() => RunStepsAsync(input), Completed);
    }

    private async Task<TeardownResult> RunStepsAsync(TeardownInput input)
    {
        var env = input.Environment;
        var started = Workflow.UtcNow;
        _steps.Phase = "preparation";
        var spec = await SpecStep.RunAsync(_steps, env, null, _policies);
        _specDigest = spec.Digest;
        await _notify.StartedAsync(new Dictionary<string, string>
        {
            ["spec"] = spec.Digest,
            ["scope"] = input.CoderOnly ? "coder only" : "everything",
            ["pre-destroy backup"] = input.SkipBackup ? "skipped (--skip-backup)" : "yes",
        });
        if (!input.DryRun)
        {
            await HookStep.RunAsync(_steps, spec, new(env, "pre-teardown", null, null), _policies);
        }
        var inventory = await _steps.RunAsync("inventory",
            () => Workflow.ExecuteActivityAsync((InventoryActivities a) => a.TakeInventoryAsync(spec), _policies.Quick),
            i => i.IsEmpty ? "nothing to tear down" : $"{i.Items.Count} resources ({i.Items.Count(r => r.Orphan)} orphans), €{i.MonthlyCostEur:F2}/month");
        if (input.DryRun || inventory.IsEmpty)
        {
            var outcome = input.DryRun ? "inventory" : "nothing to tear down";
            _steps.Phase = $"done ({outcome})";
            return Result(input, inventory, outcome, [], null, null, null, started);
        }

        var approval = await Approval.PassAsync(_steps, env, spec.Spec.ApprovalRequired ? $"{env} requires approval" : null,
            input.AutoApprove, input.ApprovalTimeout, "nothing was deleted", _notify);
        var (backup, skipped) = await BackupAsync(input, spec, inventory);

        var deleted = new List<string>();
        _steps.Phase = "coder";
        await TimedAsync("coder", () => TearDownCoderAsync(spec, inventory, deleted));
        if (input.CoderOnly)
        {
            _steps.Skip("cluster", "--coder-only: the infrastructure stays");
            _steps.Skip("database", "--coder-only: the infrastructure stays");
            _steps.Skip("volumes", "--coder-only: the infrastructure stays");
            _steps.Skip("private network", "--coder-only: the infrastructure stays");
            _steps.Skip("kubeconfig", "--coder-only: the infrastructure stays");
        }
        else
        {
            _steps.Phase = "infrastructure";
            await TimedAsync("infrastructure", () => TearDownInfrastructureAsync(spec, inventory, deleted));
        }

        _steps.Phase = "state";
        await TimedAsync("state", () => FinishStateAsync(spec, input, deleted));
        if (!input.CoderOnly && Workflow.Patched("teardown-deletes-schedules"))
        {
            var schedules = await Workflow.ExecuteActivityAsync((ScheduleTeardownActivities a) => a.DeleteSchedulesAsync(WorkflowNames.Schedules(env)), _policies.Quick);
            deleted.AddRange(schedules.Select(id => $"schedule {id}"));
        }
        await HookStep.RunAsync(_steps, spec, new(env, "post-teardown", null, null), _policies);
        _steps.Phase = "done";
        return Result(input, inventory, input.CoderOnly ? "coder removed" : "destroyed", deleted, backup, skipped, approval, started);
    }

    private static (string Title, IReadOnlyDictionary<string, string> Details) Completed(TeardownResult r)
    {
        var details = new Dictionary<string, string>
        {
            ["outcome"] = r.Outcome,
            ["deleted"] = r.Deleted.Count == 0 ? "nothing" : string.Join("; ", r.Deleted),
            ["kept"] = r.Kept.Count == 0 ? "nothing" : string.Join("; ", r.Kept),
            ["monthly cost saved"] = $"€{r.MonthlyCostSavedEur:F2}",
            ["backup"] = r.Backup?.BackupId ?? r.BackupSkippedBecause ?? "-",
        };
        if (r.Approval is not null)
        {
            details["approved by"] = r.Approval.By;
        }
        return ($"teardown of {r.Environment}: {r.Outcome}", details);
    }

    /// <summary>The pre-destroy backup as a child run of the backup workflow; skipped when asked (recorded) or when there is no database to back up.</summary>
    private async Task<(BackupResult? Backup, string? Skipped)> BackupAsync(TeardownInput input, SpecSnapshot spec, TeardownInventory inventory)
    {
        var why = input.SkipBackup ? "--skip-backup"
            : input.CoderOnly ? "--coder-only: the database stays"
            : inventory.IdsOf(ResourceKinds.DatabaseInstance).Count == 0 ? "no database to back up"
            : null;
        if (why is not null)
        {
            _steps.Skip("backup", why);
            return (null, why);
        }
        _steps.Phase = "backup";
        var infra = await TryReadInfraAsync(spec);
        var backupInput = new BackupInput(spec.Environment, PreDestroy: true, RetentionDays: input.RetentionDays, Snapshot: spec, Infra: infra, RetryScale: input.RetryScale);
        var backup = await _steps.RunAsync("backup",
            () => Workflow.ExecuteChildWorkflowAsync((BackupWorkflow w) => w.RunAsync(backupInput), new ChildWorkflowOptions { Id = WorkflowNames.Backup(spec.Environment) }),
            b => $"{b.BackupId} in s3://{b.Bucket}/{b.ManifestKey}, kept until {b.ExpiresAt:yyyy-MM-dd}");
        return (backup, null);
    }

    private async Task TearDownCoderAsync(SpecSnapshot spec, TeardownInventory inventory, List<string> deleted)
    {
        if (inventory.CoderClusterId is not { } clusterId)
        {
            _steps.Skip("coder", "not deployed");
            return;
        }
        var coder = await _steps.RunAsync("coder",
            () => Workflow.ExecuteActivityAsync((CoderTeardownActivities a) => a.RemoveCoderAsync(new(spec, clusterId)), _policies.DeleteWait),
            c => $"namespace {c.Namespace}: {c.WorkspacePods} workspace pods, {c.Volumes} volumes, {c.LoadBalancers.Count} load balancers");
        if (coder.WasPresent)
        {
            deleted.Add($"Coder namespace {coder.Namespace}");
        }
        deleted.AddRange(coder.LoadBalancers.Select(id => $"load balancer {id}"));
    }

    /// <summary>
    /// The cluster (with its additional resources) and the database go in parallel; the volumes its
    /// persistent volumes named are made sure gone after it; the private network only once all have left it.
    /// </summary>
    private async Task TearDownInfrastructureAsync(SpecSnapshot spec, TeardownInventory inventory, List<string> deleted)
    {
        var checksVolumes = Workflow.Patched("teardown-checks-volumes");
        var volumeHandles = checksVolumes ? await ListClusterVolumesAsync(spec, inventory) : [];
        var clusters = DeleteAllAsync("cluster", inventory.IdsOf(ResourceKinds.Cluster),
            id => Workflow.ExecuteActivityAsync((ClusterTeardownActivities a) => a.DeleteClusterAsync(new(spec, id)), _policies.DeleteWait));
        var databases = DeleteAllAsync("database", inventory.IdsOf(ResourceKinds.DatabaseInstance),
            id => Workflow.ExecuteActivityAsync((DatabaseTeardownActivities a) => a.DeleteDatabaseAsync(new(spec, id)), _policies.DeleteWait));
        await Workflow.WhenAllAsync(clusters, databases);
        var volumes = checksVolumes
            ? await DeleteAllAsync("volumes", volumeHandles,
                handle => Workflow.ExecuteActivityAsync((VolumeTeardownActivities a) => a.DeleteVolumeAsync(new(spec, handle)), _policies.DeleteWait))
            : SkipUnpatched("volumes", "gone with the cluster's additional resources (run started before volumes were checked)");
        var networks = await DeleteAllAsync("private network", inventory.IdsOf(ResourceKinds.PrivateNetwork),
            id => Workflow.ExecuteActivityAsync((NetworkTeardownActivities a) => a.DeletePrivateNetworkAsync(new(spec, id)), _policies.DeleteWait));
        foreach (var gone in (await clusters).Concat(await databases).Concat(volumes).Concat(networks).Where(g => g.WasPresent))
        {
            deleted.Add($"{gone.Kind.Replace('_', ' ')} {gone.Id}");
        }
        deleted.AddRange(inventory.Items.Where(i => i.Kind is ResourceKinds.NodePool or InventoryActivities.LoadBalancerKind or InventoryActivities.VolumesKind)
            .Where(i => !deleted.Contains($"load balancer {i.Id}")).Select(i => $"{i.Kind.Replace('_', ' ')} {i.Id} (with its cluster)"));
        var removed = await _steps.RunAsync("kubeconfig",
            () => Workflow.ExecuteActivityAsync((StateTeardownActivities a) => a.RemoveKubeconfigAsync(spec), _policies.Quick),
            r => r ? "removed (its links are dead)" : "was not published");
        if (removed)
        {
            deleted.Add("kubeconfig object");
        }
    }

    /// <summary>The Block Storage volumes behind the clusters' persistent volumes, read before the clusters go (the driver tags none of them).</summary>
    private async Task<IReadOnlyList<string>> ListClusterVolumesAsync(SpecSnapshot spec, TeardownInventory inventory)
    {
        var handles = new List<string>();
        foreach (var clusterId in inventory.IdsOf(ResourceKinds.Cluster))
        {
            handles.AddRange(await Workflow.ExecuteActivityAsync((VolumeTeardownActivities a) => a.ListClusterVolumesAsync(new(spec, clusterId)), _policies.Quick));
        }
        return handles;
    }

    private List<ResourceGone> SkipUnpatched(string step, string reason)
    {
        _steps.Skip(step, reason);
        return [];
    }

    private async Task<IReadOnlyList<ResourceGone>> DeleteAllAsync(string step, IReadOnlyList<string> ids, Func<string, Task<ResourceGone>> delete)
    {
        if (ids.Count == 0)
        {
            _steps.Skip(step, "none found");
            return [];
        }
        return await _steps.RunAsync(step, async () => await Workflow.WhenAllAsync(ids.Select(delete)),
            gone => string.Join(", ", gone.Select(g => $"{g.Id} {(g.WasPresent ? "deleted" : "already gone")}")));
    }

    private async Task FinishStateAsync(SpecSnapshot spec, TeardownInput input, List<string> deleted)
    {
        if (input.PurgeState && !input.CoderOnly)
        {
            var purged = await _steps.RunAsync("state",
                () => Workflow.ExecuteActivityAsync((StateTeardownActivities a) => a.PurgeStateAsync(spec), _policies.Quick),
                p => $"s3://{p.Bucket} purged ({p.ObjectsDeleted} objects)");
            deleted.Add($"state bucket {purged.Bucket}");
            return;
        }
        await _steps.RunAsync("state",
            () => Workflow.ExecuteActivityAsync((StateTeardownActivities a) => a.RecordDestroyedAsync(new(spec, input.CoderOnly)), _policies.Quick),
            s => $"destroyed version written in s3://{s.Bucket} (infra {s.InfraVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, coder {s.CoderVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"})");
    }

    private async Task TimedAsync(string phase, Func<Task> run)
    {
        var started = Workflow.UtcNow;
        await run();
        _durations[phase] = Workflow.UtcNow - started;
    }

    private async Task<InfraOutputs?> TryReadInfraAsync(SpecSnapshot spec)
    {
        try
        {
            return await Workflow.ExecuteActivityAsync((InfraStateActivities a) => a.ReadInfraOutputsAsync(spec), _policies.Quick);
        }
        catch (ActivityFailureException e) when (e.InnerException is ApplicationFailureException { ErrorType: ErrorTypes.MissingInfraState })
        {
            return null;
        }
    }

    private TeardownResult Result(TeardownInput input, TeardownInventory inventory, string outcome, IReadOnlyList<string> deleted,
        BackupResult? backup, string? skipped, ApprovalDecision? approval, DateTime started)
    {
        var kept = new List<string>();
        if (backup is not null)
        {
            kept.Add($"backup {backup.BackupId}: s3://{backup.Bucket}/{backup.ManifestKey}");
        }
        if (outcome is "destroyed" or "coder removed" && !(input.PurgeState && !input.CoderOnly))
        {
            kept.Add($"state history: s3://{inventory.StateBucket} (final version marked destroyed)");
        }
        if (input.CoderOnly && outcome == "coder removed")
        {
            kept.AddRange(inventory.Items.Where(i => i.Kind != InventoryActivities.LoadBalancerKind).Select(i => $"{i.Kind.Replace('_', ' ')} {i.Id} ({i.Name})"));
        }
        var saved = outcome switch
        {
            "destroyed" => inventory.MonthlyCostEur,
            "coder removed" => inventory.Items.Where(i => i.Kind == InventoryActivities.LoadBalancerKind).Sum(i => i.MonthlyEur),
            _ => 0m,
        };
        return new TeardownResult(input.Environment, outcome, inventory, deleted, kept, saved, backup, skipped, approval,
            new Dictionary<string, TimeSpan>(_durations), started, Workflow.UtcNow);
    }
}
