using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace CoderBootstrap.Workflows.Tests.Fast;

/// <summary>
/// Stand-ins for every activity of the product, registered under the product's activity names, so
/// workflow control flow runs in seconds without a cloud. They record what they were called with,
/// answer with plausible results, and fail where a test says so. The spec is loaded by the real
/// <see cref="SpecActivities"/> (from a folder the test owns), so the snapshot is the real one.
/// </summary>
public sealed partial class StandInActivities
{
    private readonly EnvironmentSpecLoader _specs;
    private readonly SpecActivities _specActivities;
    private readonly List<(string Activity, object? Input)> _calls = [];
    private readonly Dictionary<string, Exception> _failures = [];

    public StandInActivities(EnvironmentSpecLoader specs)
    {
        _specs = specs;
        _specActivities = new SpecActivities(specs, Serilog.Core.Logger.None);
    }

    public decimal MonthlyCost { get; set; } = 50m;

    public decimal MonthlyBudget { get; set; } = 100m;

    public bool ApprovalRequired { get; set; }

    /// <summary>Whether an infra state of a finished phase 1 is recorded.</summary>
    public bool Phase1Recorded { get; set; }

    /// <summary>Whether the recorded cluster and database (<see cref="RecordedOutputs"/>) still exist; new ones always do.</summary>
    public bool Phase1Stands { get; set; } = true;

    public bool HealthChecksPass { get; set; } = true;

    public static TimeSpan DefaultHookTimeout { get; } = TimeSpan.FromMinutes(10);

    public IReadOnlyList<(string Activity, object? Input)> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToList();
            }
        }
    }

    public IReadOnlyList<T> InputsOf<T>(string activity) => Calls.Where(c => c.Activity == activity).Select(c => c.Input).OfType<T>().ToList();

    public int CountOf(string activity) => Calls.Count(c => c.Activity == activity);

    /// <summary>Makes every call of <paramref name="activity"/> fail for good with this kind and message.</summary>
    public void FailPermanently(string activity, FailureKind kind, string message) =>
        _failures[activity] = ActivityFailure.Permanent(kind, message);

    public static InfraOutputs RecordedOutputs(string environment) =>
        new(environment, "cluster-recorded", "pn-recorded", "db-recorded", "10.0.0.5", 5432, "coder", "coder", "secrets/database.json", "kubeconfig/config.yaml");

    /// <summary>The digest the spec file has now (outside any run).</summary>
    public string LoadSpecDigest(string environment) => _specs.LoadSnapshot(environment).Digest;

    // The product's LoadSpec reads a local file and returns a completed task: nothing blocks here.
#pragma warning disable VSTHRD002
    [Activity("LoadSpec")]
    public Task<SpecSnapshot> LoadSpecAsync(string environment) => Answer(environment, () => _specActivities.LoadSpecAsync(environment).GetAwaiter().GetResult());
#pragma warning restore VSTHRD002

    /// <summary>The hook timeout as the product resolves it, from the snapshot's hooks section (no hook files here).</summary>
    [Activity("DescribeHook")]
    public Task<HookPlan> DescribeHookAsync(DescribeHookInput input) => Answer(input, () =>
    {
        var (timeout, source) = Activities.Setup.HookTimeouts.Resolve(_specs.EnvironmentsDirectory, input.Hook, input.Snapshot.Spec.Hooks, DefaultHookTimeout);
        return new HookPlan(input.Hook, false, timeout, source);
    });

    [Activity("RunHook")]
    public Task<HookResult> RunHookAsync(HookInput input) => Answer(input, () => new HookResult(input.Hook, false, 0, string.Empty));

    [Activity("CheckPrerequisites")]
    public Task<PrerequisiteReport> CheckPrerequisitesAsync(SpecSnapshot snapshot) =>
        Answer(snapshot, () => new PrerequisiteReport([new HealthCheckResult("environment spec", true, snapshot.Digest)]));

    [Activity("Plan")]
    public Task<InfraPlan> PlanAsync(SpecSnapshot snapshot) =>
        Answer(snapshot, () => new InfraPlan(snapshot.Environment, snapshot.Spec.Region, [], MonthlyCost, [], MonthlyBudget, ApprovalRequired));

    [Activity("ReadInfraOutputs")]
    public Task<InfraOutputs> ReadInfraOutputsAsync(SpecSnapshot snapshot) =>
        Answer(snapshot, () => Phase1Recorded ? RecordedOutputs(snapshot.Environment) : throw ActivityFailure.MissingInfraState(snapshot.Environment));

    [Activity("VerifyInfra")]
    public Task<InfraOutputs> VerifyInfraAsync(InfraOutputs infra) =>
        Answer(infra, () => Phase1Stands || infra != RecordedOutputs(infra.Environment) ? infra : throw ActivityFailure.Permanent(FailureKind.InfraMissing, $"cluster {infra.ClusterId} no longer exists"));

    [Activity("EnsurePrivateNetwork")]
    public Task<NetworkRef> EnsurePrivateNetworkAsync(SpecSnapshot snapshot) =>
        Answer(snapshot, () => new NetworkRef("pn-new", "vpc-1", snapshot.Spec.Network.PrivateNetworkCidr));

    [Activity("EnsureCluster")]
    public Task<ClusterRef> EnsureClusterAsync(EnsureClusterInput input) => Answer(input, () => new ClusterRef("cluster-new", "pool-new", true));

    [Activity("WaitForClusterReady")]
    public Task<ClusterReady> WaitForClusterReadyAsync(WaitForClusterInput input) =>
        Answer(input, () => new ClusterReady(input.ClusterId, input.Snapshot.Spec.Kubernetes.ClusterName, "1.31", "cilium", null, "pool-new",
            input.Snapshot.Spec.Kubernetes.NodePool.NodeType, input.Snapshot.Spec.Kubernetes.NodePool.Size, DateTimeOffset.UtcNow));

    [Activity("PublishKubeconfig")]
    public Task<KubeconfigRef> PublishKubeconfigAsync(PublishKubeconfigInput input) =>
        Answer(input, () => new KubeconfigRef("bucket", "kubeconfig/new.yaml", DateTimeOffset.UtcNow));

    [Activity("EnsureDatabase")]
    public Task<DatabaseRef> EnsureDatabaseAsync(EnsureDatabaseInput input) => Answer(input, () => new DatabaseRef("db-new", true));

    [Activity("WaitForDatabaseReady")]
    public Task<DatabaseReady> WaitForDatabaseReadyAsync(WaitForDatabaseInput input) =>
        Answer(input, () => new DatabaseReady(input.InstanceId, input.Snapshot.Spec.Database.InstanceName, "PostgreSQL-15", "DB-DEV-S", false,
            "10.0.0.9", 5432, "coder", "coder", "secrets/database-new.json", DateTimeOffset.UtcNow));

    [Activity("RecordInfraState")]
    public Task<StateRecorded> RecordInfraStateAsync(RecordInfraStateInput input) => Answer(input, () => new StateRecorded("bucket", "infra.json", 1));

    [Activity("ValidateStorageClasses")]
    public Task<StorageClassReport> ValidateStorageClassesAsync(CoderStepInput input) =>
        Answer(input, () => new StorageClassReport("sbs-default", "csi.scaleway.com", ["sbs-default"], true));

    [Activity("ApplyCoderManifests")]
    public Task<AppliedManifests> ApplyCoderManifestsAsync(CoderStepInput input) =>
        Answer(input, () => new AppliedManifests(input.Snapshot.Spec.Coder.Namespace, ["namespace coder"]));

    [Activity("WaitForCoderRollout")]
    public Task<CoderEndpoint> WaitForCoderRolloutAsync(CoderStepInput input) =>
        Answer(input, () => new CoderEndpoint("http://192.0.2.1", "192.0.2.1", "http://192.0.2.1", 1));

    [Activity("EnsureFirstAdmin")]
    public Task<FirstAdmin> EnsureFirstAdminAsync(FirstAdminInput input) => Answer(input, () => new FirstAdmin("admin", "admin@example.com", "coder-admin", true));

    [Activity("ResolveTemplates")]
    public Task<IReadOnlyList<string>> ResolveTemplatesAsync(TemplatesInput input) =>
        Answer<IReadOnlyList<string>>(input, () => input.OnlyTemplate is { } only ? [only] : input.Snapshot.Spec.Templates.ToList());

    [Activity("PushTemplate")]
    public Task<TemplatePushed> PushTemplateAsync(PushTemplateInput input) => Answer(input, () => new TemplatePushed(input.TemplateName, "version-1", true));

    [Activity("RecordCoderState")]
    public Task<StateRecorded> RecordCoderStateAsync(RecordCoderStateInput input) => Answer(input, () => new StateRecorded("bucket", "coder.json", 1));

    [Activity("RunHealthChecks")]
    public Task<HealthReport> RunHealthChecksAsync(HealthCheckInput input) =>
        Answer(input, () => new HealthReport([new HealthCheckResult("coder healthz", HealthChecksPass, HealthChecksPass ? "OK" : "no answer")]));

    private Task<T> Answer<T>(object? input, Func<T> result)
    {
        var activity = ActivityExecutionContext.Current.Info.ActivityType;
        lock (_calls)
        {
            _calls.Add((activity, input));
        }
        return _failures.TryGetValue(activity, out var failure) ? Task.FromException<T>(failure) : Task.FromResult(result());
    }
}
