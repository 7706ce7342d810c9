using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Infra;

/// <summary>The managed PostgreSQL instance, its database and user: created, or adopted when they exist.</summary>
public sealed class DatabaseActivities(ScalewayAccess scaleway, StateStorage storage, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<DatabaseActivities>();

    /// <summary>The generated password goes to a private object, never into the run.</summary>
    [Activity]
    public async Task<DatabaseRef> EnsureDatabaseAsync(EnsureDatabaseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Snapshot.Spec;
        var credentials = scaleway.For(spec);
        var cancellationToken = ActivityRun.CancellationToken;
        var name = spec.Database.InstanceName;
        var store = storage.DatabaseCredentials;
        var contents = new DatabaseContents(scaleway.Api, store, _log);

        var existing = await new ResourceFinder(scaleway.Api, spec).FindDatabaseInstanceAsync(cancellationToken).ConfigureAwait(false);
        var stored = await CallGuard.StorageAsync("read the stored database credentials",
            () => store.ReadAsync(spec.Name, cancellationToken)).ConfigureAwait(false);
        if (existing is not null)
        {
            if (existing.Status == DatabaseInstanceStatus.Deleting)
            {
                // Retryable: once the deletion has finished the next attempt creates a new instance.
                throw new InvalidOperationException($"database instance {existing.Name} ({existing.Id}) of environment '{spec.Name}' is being deleted; it cannot be adopted");
            }
            if (stored is null || stored.UserName != spec.Database.UserName)
            {
                await contents.ResetPasswordAsync(spec, existing, cancellationToken).ConfigureAwait(false);
            }
            else if (ScalewayReadiness.IsDatabaseReady(existing))
            {
                await contents.EnsureAsync(spec, existing, input.PrivateNetworkId, cancellationToken).ConfigureAwait(false);
            }
            _log.Information("Adopted database instance {Name} ({InstanceId}, {Status}) of {Environment}", existing.Name, existing.Id, existing.Status, spec.Name);
            return new DatabaseRef(existing.Id, Created: false);
        }

        // The credentials are stored before the create call, so an instance always has its password
        // stored; a failed create leaves them in place and the next attempt sends the same ones.
        var login = stored is not null && stored.UserName == spec.Database.UserName ? stored : DatabaseContents.NewCredentials(spec);
        if (!ReferenceEquals(login, stored))
        {
            await CallGuard.StorageAsync("store the database credentials", () => store.WriteAsync(spec.Name, login, cancellationToken)).ConfigureAwait(false);
        }

        var request = EnvironmentResourceRequests.DatabaseInstance(spec, credentials.ProjectId, input.PrivateNetworkId, login.Password);
        var created = await CallGuard.ScalewayAsync($"create database instance '{name}'",
            () => scaleway.Api.Rdb.CreateInstanceAsync(request, cancellationToken)).ConfigureAwait(false);
        _log.Information("Created database instance {Name} ({InstanceId}, {Engine}, {NodeType}, HA {HighAvailability}) of {Environment} on private network {PrivateNetworkId}",
            name, created.Id, spec.Database.Engine, spec.Database.NodeType, spec.Database.HighAvailability, spec.Name, input.PrivateNetworkId);
        return new DatabaseRef(created.Id, Created: true);
    }
}
