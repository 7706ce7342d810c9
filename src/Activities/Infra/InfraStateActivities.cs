using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.State;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Infra;

/// <summary>The infra state document: written at the end of phase 1 (with the spec's digest), read when a run starts from a finished phase 1.</summary>
public sealed class InfraStateActivities(ScalewayAccess scaleway, StateStorage storage, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<InfraStateActivities>();

    [Activity]
    public async Task<StateRecorded> RecordInfraStateAsync(RecordInfraStateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Network);
        var spec = input.Snapshot.Spec;
        var credentials = scaleway.For(spec);
        var cancellationToken = ActivityRun.CancellationToken;
        var cluster = input.Cluster is { } c
            ? new ClusterState(c.ClusterId, c.Name, c.Version, c.Cni, "ready", c.ApiServerUrl, null, c.PoolId, c.NodeType, c.NodeCount, c.ReadyAt)
            : null;
        var database = input.Database is { } d
            ? new DatabaseState(d.InstanceId, d.Name, d.Engine, d.NodeType, d.HighAvailability, "ready", d.Host, d.Port,
                d.DatabaseName, d.UserName, d.CredentialsObjectKey, d.ReadyAt)
            : null;
        var kubeconfig = input.Kubeconfig is { } k ? new KubeconfigState(k.Bucket, k.ObjectKey, k.PublishedAt) : null;
        var state = new InfraState(spec.Name, spec.Region, spec.Zone, credentials.ProjectId,
            new NetworkState(input.Network.PrivateNetworkId, input.Network.VpcId, input.Network.Cidr), cluster, database, kubeconfig, input.Snapshot.Digest);

        var store = storage.State;
        var document = await CallGuard.StorageAsync($"write the infra state of environment '{spec.Name}'",
            () => store.WriteInfraAsync(state, cancellationToken)).ConfigureAwait(false);
        var history = await CallGuard.StorageAsync($"list the infra state history of environment '{spec.Name}'",
            () => store.ListHistoryAsync(spec.Name, StateKind.Infra, cancellationToken)).ConfigureAwait(false);
        var version = history.LastOrDefault(v => v.Sequence == document.Sequence);
        var bucket = store.BucketName(spec.Name);
        var objectKey = version?.Key ?? S3StateStore.CurrentKey(StateKind.Infra);
        _log.Information("Recorded infra state version {Sequence} of {Environment} at s3://{Bucket}/{ObjectKey} (spec {Digest})",
            document.Sequence, spec.Name, bucket, objectKey, input.Snapshot.Digest);
        return new StateRecorded(bucket, objectKey, document.Sequence);
    }

    /// <summary>The phase-1 outputs from the infra state; fails with MissingInfraState when phase 1 never finished.</summary>
    [Activity]
    public async Task<InfraOutputs> ReadInfraOutputsAsync(SpecSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var environment = snapshot.Environment;
        var document = await CallGuard.StorageAsync($"read the infra state of environment '{environment}'",
            () => storage.State.ReadInfraAsync(environment, ActivityRun.CancellationToken)).ConfigureAwait(false)
            ?? throw ActivityFailure.MissingInfraState(environment);
        var outputs = InfraOutputsReader.FromState(document.Content, environment);
        _log.Information("Phase-1 outputs of {Environment}: cluster {ClusterId}, database {InstanceId} at {Host}:{Port}",
            environment, outputs.ClusterId, outputs.DatabaseInstanceId, outputs.DatabaseHost, outputs.DatabasePort);
        return outputs;
    }
}
