using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.State;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Infra;

public sealed partial class InfraActivities
{
    /// <summary>How long the presigned URL made at publication lives; the URL is not returned (whoever may read it makes a new one).</summary>
    private static readonly TimeSpan PublishUrlLifetime = TimeSpan.FromHours(1);

    /// <summary>Fetches the kubeconfig from the Kapsule API and stores it privately in object storage.</summary>
    [Activity]
    public async Task<KubeconfigRef> PublishKubeconfigAsync(PublishKubeconfigInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (spec, _) = Prepare(input.Environment);
        var cancellationToken = ActivityCancellation;

        var kubeconfig = await InfraFailures.GuardAsync($"download the kubeconfig of cluster {input.ClusterId}",
            () => _services.Scaleway.Kapsule.GetKubeconfigAsync(input.ClusterId, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var published = await InfraFailures.GuardStorageAsync($"publish the kubeconfig of environment '{spec.Name}'",
            () => _services.Kubeconfigs.PublishAsync(spec.Name, kubeconfig, PublishUrlLifetime, cancellationToken)).ConfigureAwait(false);
        var publishedAt = DateTimeOffset.UtcNow;
        _log.Information("Published the kubeconfig of cluster {ClusterId} ({Environment}) to s3://{Bucket}/{ObjectKey} (private)",
            input.ClusterId, spec.Name, published.Bucket, published.ObjectKey);
        return new KubeconfigRef(published.Bucket, published.ObjectKey, publishedAt);
    }

    [Activity]
    public async Task<StateRecorded> RecordInfraStateAsync(RecordInfraStateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Network);
        var (spec, credentials) = Prepare(input.Environment);
        var cancellationToken = ActivityCancellation;

        var cluster = input.Cluster is { } c
            ? new ClusterState(c.ClusterId, c.Name, c.Version, c.Cni, "ready", c.ApiServerUrl, null, c.PoolId, c.NodeType, c.NodeCount, c.ReadyAt)
            : null;
        var database = input.Database is { } d
            ? new DatabaseState(d.InstanceId, d.Name, d.Engine, d.NodeType, d.HighAvailability, "ready", d.Host, d.Port,
                d.DatabaseName, d.UserName, d.CredentialsObjectKey, d.ReadyAt)
            : null;
        var kubeconfig = input.Kubeconfig is { } k ? new KubeconfigState(k.Bucket, k.ObjectKey, k.PublishedAt) : null;
        var state = new InfraState(spec.Name, spec.Region, spec.Zone, credentials.ProjectId,
            new NetworkState(input.Network.PrivateNetworkId, input.Network.VpcId, input.Network.Cidr), cluster, database, kubeconfig);

        var document = await InfraFailures.GuardStorageAsync($"write the infra state of environment '{spec.Name}'",
            () => _services.State.WriteInfraAsync(state, cancellationToken)).ConfigureAwait(false);
        var history = await InfraFailures.GuardStorageAsync($"list the infra state history of environment '{spec.Name}'",
            () => _services.State.ListHistoryAsync(spec.Name, StateKind.Infra, cancellationToken)).ConfigureAwait(false);
        var version = history.LastOrDefault(v => v.Sequence == document.Sequence);
        var bucket = _services.State.BucketName(spec.Name);
        var objectKey = version?.Key ?? S3StateStore.CurrentKey(StateKind.Infra);
        _log.Information("Recorded infra state version {Sequence} of {Environment} at s3://{Bucket}/{ObjectKey}", document.Sequence, spec.Name, bucket, objectKey);
        return new StateRecorded(bucket, objectKey, document.Sequence);
    }
}
