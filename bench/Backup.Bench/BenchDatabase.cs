using System.Diagnostics;
using CoderBootstrap.Activities.Backup;
using CoderBootstrap.Sandbox.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CoderBootstrap.Backup.Bench;

/// <summary>A throw-away PostgreSQL 15 (initdb as the postgres user in a temporary folder, free port) with one password role.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    public const string Role = "bench_backup";

    private readonly LocalPostgresServer _server;

    private BenchDatabase(LocalPostgresServer server, string password)
    {
        _server = server;
        Password = password;
    }

    public string Password { get; }

    public static async Task<BenchDatabase> StartAsync()
    {
        var binaries = LocalPostgresServer.FindBinaries() ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin");
        var server = await LocalPostgresServer.StartAsync(binaries, null, NullLogger.Instance, CancellationToken.None);
        var password = "Bench-" + Guid.NewGuid().ToString("N");
        await server.EnsureRoleAsync(Role, password, admin: true, CancellationToken.None);
        return new BenchDatabase(server, password);
    }

    public DatabaseEndpoint Endpoint(string database) => new(_server.Host, _server.Port, Role, database);

    public async Task<DatabaseEndpoint> CreateAsync(string name)
    {
        await _server.EnsureDatabaseAsync(name, Role, CancellationToken.None);
        return Endpoint(name);
    }

    public Task<long> SizeAsync(string database) => _server.DatabaseSizeAsync(database, CancellationToken.None);

    /// <summary>Fills a Coder-like table (ids, uuids, times, short statuses and log text) until the database is about <paramref name="targetBytes"/>.</summary>
    public async Task FillAsync(DatabaseEndpoint database, long targetBytes)
    {
        await ExecuteAsync(database, """
            CREATE TABLE workspace_builds (
              id bigint PRIMARY KEY, workspace_id uuid NOT NULL, created_at timestamptz NOT NULL,
              transition text NOT NULL, build_number int NOT NULL, logs text NOT NULL);
            CREATE TABLE users (id uuid PRIMARY KEY, username text NOT NULL, created_at timestamptz NOT NULL);
            INSERT INTO users SELECT md5(i::text)::uuid, 'user' || i, now() - i * interval '1 hour' FROM generate_series(1, 10000) i;
            """);
        const int batch = 500_000;
        var watch = Stopwatch.StartNew();
        for (long first = 1; await SizeAsync(database.Database) < targetBytes; first += batch)
        {
            await ExecuteAsync(database, $"""
                INSERT INTO workspace_builds
                SELECT i, md5((i % 10000)::text)::uuid, timestamptz '2026-01-01' + i * interval '1 second',
                       (ARRAY['start','stop','delete'])[1 + i % 3], (i / 10000)::int,
                       'build ' || i || ': ' || md5(i::text) || ' ' || md5((i * 31)::text) || ' provisioned ' || (i % 97) || ' resources'
                FROM generate_series({first}, {first + batch - 1}) i
                """);
        }

        await ExecuteAsync(database, "VACUUM ANALYZE");
        Console.WriteLine($"  database filled in {watch.Elapsed.TotalSeconds:F0} s");
    }

    public async Task<long> RowCountAsync(DatabaseEndpoint database, string table)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString(Password));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ExecuteAsync(DatabaseEndpoint database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString(Password));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
