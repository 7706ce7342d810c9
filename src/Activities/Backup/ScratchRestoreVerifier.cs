using Npgsql;

namespace CoderBootstrap.Activities.Backup;

/// <summary>
/// Proves a dump restores: restores it into a new database on the same server (the user needs
/// CREATEDB), compares tables and row counts with the figures recorded at backup time, and drops
/// the scratch database whatever happened.
/// </summary>
public sealed class ScratchRestoreVerifier
{
    private readonly DatabaseRestoreStreamer _restorer;

    public ScratchRestoreVerifier(DatabaseRestoreStreamer restorer)
    {
        _restorer = restorer;
    }

    /// <param name="server">Any database of the server the user can connect to; the scratch database is created beside it.</param>
    public async Task<RestoreVerification> VerifyAsync(
        DatabaseEndpoint server,
        string password,
        ObjectLocation dump,
        ExpectedContent expected,
        DatabaseFigures recorded,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(recorded);
        var scratch = server.WithDatabase("verify_" + Guid.NewGuid().ToString("N")[..12]);
        await ExecuteAsync(server, password, $"CREATE DATABASE \"{scratch.Database}\"", cancellationToken).ConfigureAwait(false);
        try
        {
            await _restorer.RestoreAsync(dump, expected, scratch, password, null, cancellationToken).ConfigureAwait(false);
            DatabaseFigures restored;
            await using (var connection = new NpgsqlConnection(scratch.ConnectionString(password)))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                restored = await DatabaseFiguresReader.ReadAsync(connection, null, cancellationToken).ConfigureAwait(false);
            }

            return new RestoreVerification(scratch.Database, restored, recorded.Compare(restored));
        }
        finally
        {
            await ExecuteAsync(server, password, $"DROP DATABASE IF EXISTS \"{scratch.Database}\" WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(DatabaseEndpoint database, string password, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString(password));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
