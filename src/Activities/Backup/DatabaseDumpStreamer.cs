using System.Data;
using Npgsql;

namespace CoderBootstrap.Activities.Backup;

/// <summary>
/// Dumps a database with <c>pg_dump -Fc</c> straight into an S3 object. The dump and the recorded
/// figures (tables, row counts, migration version) come from one exported snapshot, so they agree
/// even while Coder keeps writing.
/// </summary>
public sealed class DatabaseDumpStreamer
{
    private readonly PostgresClientTools _tools;
    private readonly MultipartStreamUploader _uploader;

    public DatabaseDumpStreamer(PostgresClientTools tools, MultipartStreamUploader uploader)
    {
        _tools = tools;
        _uploader = uploader;
    }

    /// <param name="abandonedUploadId">The upload id a crashed earlier attempt heartbeated, aborted before starting anew.</param>
    public async Task<DatabaseDump> DumpAsync(
        DatabaseEndpoint database,
        string password,
        ObjectLocation target,
        string? abandonedUploadId,
        Action<UploadProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(target);
        if (abandonedUploadId is not null)
        {
            await _uploader.AbortAsync(target, abandonedUploadId, cancellationToken).ConfigureAwait(false);
        }

        var toolVersion = await _tools.DumpVersionAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = new NpgsqlConnection(database.ConnectionString(password));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, snapshot))
        {
            await readOnly.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        string snapshotId;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, snapshot))
        {
            snapshotId = (string)(await export.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var partSizes = PartSizePolicy.ForExpectedSize(await DatabaseSizeAsync(connection, snapshot, cancellationToken).ConfigureAwait(false));
        await using var dump = _tools.Start("pg_dump", database, password, ["--format=custom", "--snapshot=" + snapshotId, "--no-password"], writesStandardInput: false);
        // The figures are counted in the snapshot's own transaction while pg_dump reads it on its connection.
        var figures = DatabaseFiguresReader.ReadAsync(connection, snapshot, cancellationToken);
        UploadedObject uploaded;
        try
        {
            // The object is completed only once pg_dump exited successfully: a dump cut short by an error is aborted, never stored.
            uploaded = await _uploader.UploadAsync(dump.StandardOutput, target, partSizes, progress, dump.WaitForSuccessAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // A broken dump stream usually means pg_dump failed: its own message says why.
            if (await dump.ExitFailureAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false) is { } failure)
            {
                throw failure;
            }

            throw;
        }
        finally
        {
            // Leave no count running on the connection disposed below.
            await figures.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
        }

        return new DatabaseDump(uploaded, await figures.ConfigureAwait(false), toolVersion);
    }

    private static async Task<long> DatabaseSizeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var size = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection, transaction);
        return (long)(await size.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
