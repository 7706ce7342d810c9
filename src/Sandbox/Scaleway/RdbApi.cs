using CoderBootstrap.Sandbox.Postgres;
using CoderBootstrap.Sandbox.Scaleway.Model;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>
/// <c>/rdb/v1/regions/{region}</c>: managed PostgreSQL, by resource (instances and endpoints, databases, users
/// and privileges, ACLs, backups). With a <see cref="LocalPostgresServer"/>, instances, users, databases,
/// privileges and backups are real roles, databases, grants and pg_dump files.
/// </summary>
public sealed class RdbApi(ScalewayStore store, ScalewayIdentity identity, ScalewayQuotas quotas, PostgresFleet? postgres, RdbCertificate certificate)
{
    private readonly RdbResources _resources = new(store, identity, quotas, postgres, certificate);

    /// <summary>The Scaleway endpoint's base URL, for the download URLs of exported backups.</summary>
    public string BaseUrl
    {
        get => _resources.BaseUrl;
        set => _resources.BaseUrl = value;
    }

    public void Map(ScalewayRoutes routes)
    {
        new RdbInstancesApi(_resources).Map(routes);
        new RdbDatabasesApi(_resources).Map(routes);
        new RdbUsersApi(_resources).Map(routes);
        new RdbAclsApi(_resources).Map(routes);
        new RdbBackupsApi(_resources).Map(routes);
    }

    /// <summary>Stops and discards the real PostgreSQL server of an instance that finished deleting.</summary>
    public async Task ReleaseAsync(RdbInstanceRecord instance, IReadOnlyList<RdbInstanceRecord> liveInstances, CancellationToken cancellationToken)
    {
        if (postgres is null || !instance.BackedByPostgres)
        {
            return;
        }

        await postgres.RemoveAsync(instance.Id, cancellationToken).ConfigureAwait(false);
    }
}
