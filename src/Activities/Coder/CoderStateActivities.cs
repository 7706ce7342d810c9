using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.State;
using k8s;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Coder;

/// <summary>The coder state document: the release, its endpoint, its load balancer, the templates pushed and the spec's digest.</summary>
public sealed class CoderStateActivities(ClusterAccess clusters, StateStorage storage, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<CoderStateActivities>();

    [Activity]
    public async Task<StateRecorded> RecordCoderStateAsync(RecordCoderStateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var (spec, environment) = (input.Step.Snapshot.Spec, input.Environment);
        string? loadBalancerId;
        using (var client = await clusters.ConnectAsync(environment, input.Step.Infra.ClusterId, cancellationToken).ConfigureAwait(false))
        {
            var service = await client.CoreV1.ReadNamespacedServiceAsync(CoderObjects.ServiceName, spec.Coder.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            loadBalancerId = service.Metadata.Annotations is { } annotations && annotations.TryGetValue(CoderObjects.LoadBalancerIdAnnotation, out var id) ? id : null;
        }

        var now = DateTimeOffset.UtcNow;
        var state = new CoderState(environment, spec.Coder.Namespace, CoderObjects.DeploymentName, ChartVersion: null, spec.Coder.Version, input.Endpoint.AccessUrl,
            new LoadBalancerState(loadBalancerId ?? string.Empty, input.Endpoint.LoadBalancerIp, spec.LoadBalancer.Type),
            input.Templates.Select(t => new TemplateState(t.Name, t.VersionId, now)).ToList(),
            input.Step.Snapshot.Digest);
        var store = storage.State;
        var document = await CallGuard.StorageAsync($"write the coder state of environment '{environment}'",
            () => store.WriteCoderAsync(state, cancellationToken)).ConfigureAwait(false);
        _log.Information("Recorded the coder state of {Environment} (version {Sequence}, spec {Digest})", environment, document.Sequence, input.Step.Snapshot.Digest);
        return new StateRecorded(store.BucketName(environment), S3StateStore.CurrentKey(StateKind.Coder), document.Sequence);
    }
}
