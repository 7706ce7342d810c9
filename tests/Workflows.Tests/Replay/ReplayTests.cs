using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using Temporalio.Common;
using Temporalio.Worker;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows.Tests.Replay;

/// <summary>
/// Runs in flight meet new code (an approval can wait a day): every committed history of a real run
/// must replay on the current workflow code. A change that breaks determinism fails here; such a
/// change needs <c>Workflow.Patched</c>, or new histories once no old run can be in flight.
/// </summary>
public sealed class ReplayTests
{
    private const string PreHookTimeoutSetup = "setup-prod-before-hook-timeouts";
    private const string HookTimeoutPatch = "hook-timeout-shown";
    private const string LifecyclePatch = "lifecycle-notifications";
    private const string ScheduleCleanupPatch = "teardown-deletes-schedules";
    private const string VolumeCheckPatch = "teardown-checks-volumes";

    public static TheoryData<string> RecordedHistories() => new(Histories.Names());

    [Theory]
    [MemberData(nameof(RecordedHistories))]
    public async Task ARecordedRunReplaysOnTheCurrentWorkflowCode(string workflowId)
    {
        var replayer = new WorkflowReplayer(Histories.ProductWorkflows());

        var result = await replayer.ReplayWorkflowAsync(Histories.Load(workflowId), throwOnReplayFailure: false);

        Assert.Null(result.ReplayFailure);
    }

    [Fact]
    public void TheCommittedHistoriesCoverEachWorkflowAndTheApprovalGate()
    {
        var names = Histories.Names().ToList();
        Assert.Contains("setup-prod", names);
        Assert.Contains(names, n => n.StartsWith("infra-", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("coder-", StringComparison.Ordinal));
        Assert.Contains("backup-dev", names);
        Assert.Contains("restore-dev", names);
        Assert.Contains("verify-backup-dev", names);
        Assert.Contains("teardown-dev", names);
        Assert.Contains("teardown-prod", names);
        Assert.Contains("ttl-review", names);
        Assert.Contains("cost-prod", names);
        Assert.Contains("scale-prod", names);
        Assert.Contains("setup-dev", names);
        Assert.Contains("\"Decide\"", File.ReadAllText(Path.Combine(Histories.Directory, "scale-prod.json")), StringComparison.Ordinal);
        Assert.Contains("\"BackupWorkflow\"", File.ReadAllText(Path.Combine(Histories.Directory, "teardown-dev.json")), StringComparison.Ordinal);
        Assert.Contains("\"Decide\"", File.ReadAllText(Path.Combine(Histories.Directory, "setup-prod.json")), StringComparison.Ordinal);
        Assert.Contains("\"Decide\"", File.ReadAllText(Path.Combine(Histories.Directory, "teardown-prod.json")), StringComparison.Ordinal);
    }

    /// <summary>
    /// The hook-timeout lookup (DescribeHook) is behind <c>Workflow.Patched</c>: a setup recorded
    /// before it (kept as setup-prod-before-hook-timeouts, never re-recorded) replays without it;
    /// one recorded since carries the patch marker and a lookup before each hook.
    /// </summary>
    [Fact]
    public void ASetupRecordedBeforeTheHookTimeoutLookupIsKeptBesideOneRecordedSince()
    {
        var before = Histories.Load(PreHookTimeoutSetup);
        var since = Histories.Load("setup-prod");

        Assert.Equal(2, ActivitiesOf(before).Count(a => a == "RunHook"));
        Assert.DoesNotContain("DescribeHook", ActivitiesOf(before));
        Assert.DoesNotContain(HookTimeoutPatch, PatchesOf(before));
        Assert.Equal(["DescribeHook", "RunHook", "DescribeHook", "RunHook"], ActivitiesOf(since).Where(a => a.EndsWith("Hook", StringComparison.Ordinal)));
        Assert.Contains(HookTimeoutPatch, PatchesOf(since));
    }

    /// <summary>
    /// Lifecycle notifications are behind <c>Workflow.Patched</c>: setup-prod, recorded before
    /// them, replays without a notification; setup-dev, recorded since, has the marker and the
    /// started and completed deliveries; scale-prod-before-completed has the approval-waiting one.
    /// </summary>
    [Fact]
    public void RunsRecordedBeforeLifecycleNotificationsAreKeptBesideRunsRecordedSince()
    {
        var before = Histories.Load("setup-prod");
        var since = Histories.Load("setup-dev");
        var scale = Histories.Load("scale-prod-before-completed");

        Assert.DoesNotContain("Deliver", ActivitiesOf(before));
        Assert.DoesNotContain(LifecyclePatch, PatchesOf(before));
        Assert.Equal(2, ActivitiesOf(since).Count(a => a == "Deliver"));
        Assert.Contains(LifecyclePatch, PatchesOf(since));
        Assert.Single(ActivitiesOf(scale), a => a == "Deliver");
        Assert.Contains(LifecyclePatch, PatchesOf(scale));
    }

    /// <summary>
    /// scale.completed is behind <c>Workflow.Patched</c>: a scale recorded before it (kept as
    /// scale-prod-before-completed) replays with its approval notification only; one recorded since
    /// has the marker and a second delivery after the pool size is recorded.
    /// </summary>
    [Fact]
    public void AScaleRecordedBeforeScaleCompletedIsKeptBesideOneRecordedSince()
    {
        var before = Histories.Load("scale-prod-before-completed");
        var since = Histories.Load("scale-prod");

        Assert.DoesNotContain(ScaleWorkflow.CompletedNotificationPatch, PatchesOf(before));
        Assert.Single(ActivitiesOf(before), a => a == "Deliver");
        Assert.Contains(ScaleWorkflow.CompletedNotificationPatch, PatchesOf(since));
        var activities = ActivitiesOf(since).ToList();
        Assert.Equal(2, activities.Count(a => a == "Deliver"));
        Assert.Equal("Deliver", activities[^1]);
        Assert.True(activities.LastIndexOf("Deliver") > activities.IndexOf("RecordPoolSize"));
    }

    /// <summary>
    /// The deletion of the environment's schedules is behind <c>Workflow.Patched</c>: a teardown
    /// recorded before it (kept as teardown-dev-before-schedules) replays without the step; one
    /// recorded since has the marker and deletes the schedules after the state is marked destroyed.
    /// </summary>
    [Fact]
    public void ATeardownRecordedBeforeTheScheduleCleanupIsKeptBesideOneRecordedSince()
    {
        var before = Histories.Load("teardown-dev-before-schedules");
        var since = Histories.Load("teardown-dev");

        Assert.DoesNotContain("DeleteSchedules", ActivitiesOf(before));
        Assert.DoesNotContain(ScheduleCleanupPatch, PatchesOf(before));
        Assert.Contains(ScheduleCleanupPatch, PatchesOf(since));
        var activities = ActivitiesOf(since).ToList();
        Assert.True(activities.IndexOf("DeleteSchedules") > activities.IndexOf("RecordDestroyed"));
    }

    /// <summary>
    /// The volumes step is behind <c>Workflow.Patched</c>: a teardown recorded before it (kept as
    /// teardown-dev-before-volumes) replays without listing volumes; one recorded since lists the
    /// cluster's volumes after the Coder phase and before the cluster is deleted.
    /// </summary>
    [Fact]
    public void ATeardownRecordedBeforeTheVolumeCheckIsKeptBesideOneRecordedSince()
    {
        var before = Histories.Load("teardown-dev-before-volumes");
        var since = Histories.Load("teardown-dev");

        Assert.DoesNotContain("ListClusterVolumes", ActivitiesOf(before));
        Assert.DoesNotContain(VolumeCheckPatch, PatchesOf(before));
        Assert.Contains(VolumeCheckPatch, PatchesOf(since));
        var activities = ActivitiesOf(since).ToList();
        Assert.True(activities.IndexOf("ListClusterVolumes") > activities.IndexOf("RemoveCoder"));
        Assert.True(activities.IndexOf("ListClusterVolumes") < activities.IndexOf("DeleteCluster"));
    }

    private static IEnumerable<string> ActivitiesOf(WorkflowHistory history) =>
        history.Events.Where(e => e.ActivityTaskScheduledEventAttributes is not null).Select(e => e.ActivityTaskScheduledEventAttributes.ActivityType.Name);

    /// <summary>The ids of the patch markers (SDK core records each as a JSON payload <c>{"id": ...}</c>).</summary>
    private static IEnumerable<string> PatchesOf(WorkflowHistory history) =>
        history.Events.Where(e => e.MarkerRecordedEventAttributes is { MarkerName: "core_patch" })
            .SelectMany(e => e.MarkerRecordedEventAttributes.Details.Values.SelectMany(p => p.Payloads_))
            .Select(p => System.Text.Json.JsonDocument.Parse(p.Data.ToStringUtf8()).RootElement.GetProperty("id").GetString() ?? string.Empty);

    [Fact]
    public async Task AWorkflowChangedIncompatiblyFailsToReplayTheRecordedRun()
    {
        var options = new WorkflowReplayerOptions { TaskQueue = WorkflowNames.TaskQueue }.AddWorkflow<ReorderedInfraPhaseWorkflow>();
        var replayer = new WorkflowReplayer(options);

        var result = await replayer.ReplayWorkflowAsync(Histories.Load("infra-dev"), throwOnReplayFailure: false);

        Assert.IsType<Temporalio.Exceptions.WorkflowNondeterminismException>(result.ReplayFailure);
    }

    /// <summary>Phase 1 as it would be if someone made the database step come before the network one: not the recorded order.</summary>
    [Workflow("InfraPhaseWorkflow")]
    public sealed class ReorderedInfraPhaseWorkflow
    {
        [WorkflowRun]
        public async Task<InfraPhaseResult> RunAsync(InfraPhaseInput input)
        {
            var spec = input.Snapshot ?? await Workflow.ExecuteActivityAsync((Activities.Environments.SpecActivities a) => a.LoadSpecAsync(input.Environment), ActivityPolicies.Unscaled.Quick);
            await Workflow.ExecuteActivityAsync((DatabaseActivities a) => a.EnsureDatabaseAsync(new EnsureDatabaseInput(spec, "pn")), ActivityPolicies.Unscaled.Ensure);
            throw new InvalidOperationException("unreachable in replay: the recorded history schedules the network first");
        }
    }
}
