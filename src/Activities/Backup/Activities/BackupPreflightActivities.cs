using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Kubernetes;
using CoderBootstrap.Activities.Runtime;
using Npgsql;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Backup.Activities;

/// <summary>Before a backup: the bucket exists (private, versioned), the database answers, the running Coder version and the migration state are read.</summary>
public sealed class BackupPreflightActivities(BackupAccess access, ClusterAccess clusters, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<BackupPreflightActivities>();

    [Activity]
    public async Task<BackupPreflight> PreflightBackupAsync(BackupStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = ActivityRun.CancellationToken;
        var environment = input.Environment;
        RunningCoder coder;
        using (var client = await clusters.ConnectAsync(environment, input.Infra.ClusterId, cancellationToken).ConfigureAwait(false))
        {
            coder = await RunningCoderReader.ReadAsync(client, environment, input.Snapshot.Spec.Coder.Namespace, cancellationToken).ConfigureAwait(false);
        }

        _ = access.Tools;
        var password = await access.PasswordAsync(input.Infra, cancellationToken).ConfigureAwait(false);
        var endpoint = BackupAccess.Endpoint(input.Infra);
        DatabaseFigures figures;
        long size;
        try
        {
            await using var connection = new NpgsqlConnection(endpoint.ConnectionString(password));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection))
            {
                size = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            figures = await DatabaseFiguresReader.ReadAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error) when (error.SqlState is "28P01" or "28000" or "3D000")
        {
            throw ActivityFailure.Permanent(FailureKind.AuthenticationFailed, $"{environment}: the database refused the backup login ({error.SqlState}: {error.MessageText})");
        }

        await CallGuard.StorageAsync($"prepare the backup bucket of environment '{environment}'",
            () => new BackupObjectWriter(access.S3).EnsureBucketAsync(input.Bucket, cancellationToken)).ConfigureAwait(false);
        var latest = await CallGuard.StorageAsync($"read the latest backup of environment '{environment}'",
            () => new BackupCatalog(access.S3).LatestCompleteAsync(input.Bucket, cancellationToken)).ConfigureAwait(false);
        var sequence = (latest?.Sequence ?? 0) + 1;
        _log.Information("Backup {BackupId} (#{Sequence}) of {Environment}: Coder {CoderVersion}, schema_migrations {Migration}, database {Bytes} bytes in {Tables} tables",
            input.BackupId, sequence, environment, coder.Version, figures.Migration?.Version, size, figures.Tables.Count);
        return new BackupPreflight(input.Bucket, coder.Version, figures.Migration, size, sequence);
    }
}
