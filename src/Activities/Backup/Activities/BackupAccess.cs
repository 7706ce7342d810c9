using Amazon.S3;
using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.State;

namespace CoderBootstrap.Activities.Backup.Activities;

/// <summary>
/// What the backup activities reach, made on first use: the object storage of the environment, the
/// PostgreSQL client tools of the worker, and the database password (read only in memory, when a
/// step connects).
/// </summary>
public sealed class BackupAccess(ActivityServices services)
{
    private readonly ScalewayAccess _scaleway = new(services);
    private readonly Lazy<PostgresClientTools?> _tools = new(() => PostgresClientTools.Find());

    public IAmazonS3 S3
    {
        get
        {
            _ = _scaleway.Credentials;
            return services.S3;
        }
    }

    public PrivateObjectStore StateObjects => new(S3, services.State);

    /// <summary>pg_dump and pg_restore of the worker; a worker without them cannot back up (permanent).</summary>
    public PostgresClientTools Tools => _tools.Value
        ?? throw ActivityFailure.Permanent(FailureKind.InvalidConfiguration, "the worker has no PostgreSQL client tools (pg_dump, pg_restore under /usr/lib/postgresql/*/bin): install postgresql-client");

    public TemplateCatalog Templates => new(services.Options.TemplatesDirectory);

    public static DatabaseEndpoint Endpoint(InfraOutputs infra)
    {
        ArgumentNullException.ThrowIfNull(infra);
        return new DatabaseEndpoint(infra.DatabaseHost, infra.DatabasePort, infra.DatabaseUser, infra.DatabaseName);
    }

    public Task<string> PasswordAsync(InfraOutputs infra, CancellationToken cancellationToken)
    {
        _ = _scaleway.Credentials;
        return DatabaseCredentialsReader.ReadPasswordAsync(services.DatabaseCredentials, infra, cancellationToken);
    }
}
