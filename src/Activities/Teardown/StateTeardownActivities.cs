using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.State;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Teardown;

/// <summary>
/// The objects a teardown leaves in object storage: the kubeconfig is removed (its presigned links
/// die with it), the state documents get a final <c>destroyed</c> version (history kept), and with
/// --purge-state the state bucket goes. Backups live in a bucket of their own and are never touched here.
/// </summary>
public sealed class StateTeardownActivities(StateStorage storage, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<StateTeardownActivities>();

    [Activity]
    public async Task<bool> RemoveKubeconfigAsync(SpecSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var removed = await CallGuard.StorageAsync($"remove the kubeconfig of environment '{snapshot.Environment}'",
            () => storage.Kubeconfigs.RemoveAsync(snapshot.Environment, ActivityRun.CancellationToken)).ConfigureAwait(false);
        _log.Information("Kubeconfig of {Environment} {Outcome}", snapshot.Environment, removed ? "removed" : "was not published");
        return removed;
    }

    /// <summary>Writes the final version of each document not marked destroyed yet; a rerun writes nothing twice.</summary>
    [Activity]
    public async Task<StateDestroyed> RecordDestroyedAsync(RecordDestroyedInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (env, digest) = (input.Environment, input.Snapshot.Digest);
        var store = storage.State;
        var cancellationToken = ActivityRun.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        long? infraVersion = null;
        long? coderVersion = null;
        var coder = await CallGuard.StorageAsync($"read the coder state of environment '{env}'", () => store.ReadCoderAsync(env, cancellationToken)).ConfigureAwait(false);
        if (coder is not null && coder.Content.DestroyedAt is null)
        {
            var written = await CallGuard.StorageAsync($"write the destroyed coder state of environment '{env}'",
                () => store.WriteCoderAsync(coder.Content with { LoadBalancer = null, Templates = [], SpecDigest = digest, DestroyedAt = now }, cancellationToken)).ConfigureAwait(false);
            coderVersion = written.Sequence;
        }
        if (!input.CoderOnly)
        {
            var infra = await CallGuard.StorageAsync($"read the infra state of environment '{env}'", () => store.ReadInfraAsync(env, cancellationToken)).ConfigureAwait(false);
            if (infra is not null && infra.Content.DestroyedAt is null)
            {
                var written = await CallGuard.StorageAsync($"write the destroyed infra state of environment '{env}'",
                    () => store.WriteInfraAsync(infra.Content with { Network = null, Cluster = null, Database = null, Kubeconfig = null, SpecDigest = digest, DestroyedAt = now }, cancellationToken)).ConfigureAwait(false);
                infraVersion = written.Sequence;
            }
        }
        _log.Information("State of {Environment} marked destroyed: infra version {InfraVersion}, coder version {CoderVersion}", env, infraVersion, coderVersion);
        return new StateDestroyed(store.BucketName(env), infraVersion, coderVersion);
    }

    [Activity]
    public async Task<StatePurged> PurgeStateAsync(SpecSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var env = snapshot.Environment;
        var (objects, deleted) = await CallGuard.StorageAsync($"purge the state bucket of environment '{env}'",
            () => storage.State.PurgeBucketAsync(env, ActivityRun.CancellationToken)).ConfigureAwait(false);
        _log.Information("State bucket of {Environment}: {Objects} objects deleted, bucket {Outcome}", env, objects, deleted ? "deleted" : "already gone");
        return new StatePurged(storage.State.BucketName(env), objects, deleted);
    }
}
