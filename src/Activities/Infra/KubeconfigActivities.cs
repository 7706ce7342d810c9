using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Infra;

/// <summary>Publishes the cluster's kubeconfig privately in object storage; the run only ever holds where it is.</summary>
public sealed class KubeconfigActivities(ScalewayAccess scaleway, StateStorage storage, Serilog.ILogger log)
{
    /// <summary>How long the presigned URL made at publication lives; the URL is not returned (whoever may read it makes a new one).</summary>
    private static readonly TimeSpan PublishUrlLifetime = TimeSpan.FromHours(1);

    private readonly Serilog.ILogger _log = log.ForContext<KubeconfigActivities>();

    [Activity]
    public async Task<KubeconfigRef> PublishKubeconfigAsync(PublishKubeconfigInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Snapshot.Spec;
        scaleway.For(spec);
        var cancellationToken = ActivityRun.CancellationToken;
        var kubeconfig = await CallGuard.ScalewayAsync($"download the kubeconfig of cluster {input.ClusterId}",
            () => scaleway.Api.Kapsule.GetKubeconfigAsync(input.ClusterId, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var published = await CallGuard.StorageAsync($"publish the kubeconfig of environment '{spec.Name}'",
            () => storage.Kubeconfigs.PublishAsync(spec.Name, kubeconfig, PublishUrlLifetime, cancellationToken)).ConfigureAwait(false);
        _log.Information("Published the kubeconfig of cluster {ClusterId} ({Environment}) to s3://{Bucket}/{ObjectKey} (private)",
            input.ClusterId, spec.Name, published.Bucket, published.ObjectKey);
        return new KubeconfigRef(published.Bucket, published.ObjectKey, DateTimeOffset.UtcNow);
    }
}
