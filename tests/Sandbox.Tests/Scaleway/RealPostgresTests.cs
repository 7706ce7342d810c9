using System.Net;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

public sealed class RealPostgresTests
{
    private const string Rdb = "/rdb/v1/regions/fr-par";
    private const string Password = "Sandb0x!Password";

    [PostgresFact]
    public async Task Instance_endpoint_and_user_password_open_a_real_postgresql_connection()
    {
        await using var postgres = new PostgresFleet(LocalPostgresServer.FindBinaries()!, null, NullLogger.Instance);
        await using var server = await ScalewayTestServer.StartAsync(postgres: postgres);
        var id = (await server.CreateDatabaseInstanceAsync(userName: "coder_admin", password: Password))["id"]!.GetValue<string>();
        var ready = await server.WaitForStatusAsync($"{Rdb}/instances/{id}", "ready");
        var endpoint = ready["endpoints"]![0]!;

        await using var connection = new NpgsqlConnection(ConnectionString(endpoint, "coder_admin", Password, "rdb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_user", connection);

        Assert.Equal("127.0.0.1", endpoint["ip"]!.GetValue<string>());
        Assert.Equal("coder_admin", (string?)await command.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task Api_database_user_and_privilege_let_the_user_create_tables_and_backups_dump_and_restore_them()
    {
        await using var postgres = new PostgresFleet(LocalPostgresServer.FindBinaries()!, null, NullLogger.Instance);
        await using var server = await ScalewayTestServer.StartAsync(postgres: postgres);
        var id = (await server.CreateDatabaseInstanceAsync(userName: "owner_user", password: Password))["id"]!.GetValue<string>();
        var ready = await server.WaitForStatusAsync($"{Rdb}/instances/{id}", "ready");
        var endpoint = ready["endpoints"]![0]!;
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync($"{Rdb}/instances/{id}/databases", new JsonObject { ["name"] = "coder" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync($"{Rdb}/instances/{id}/users", new JsonObject { ["name"] = "app_user", ["password"] = Password, ["is_admin"] = false })).Status);
        Assert.Equal(HttpStatusCode.OK, (await server.PutAsync($"{Rdb}/instances/{id}/privileges", new JsonObject { ["database_name"] = "coder", ["user_name"] = "app_user", ["permission"] = "all" })).Status);

        await using (var connection = new NpgsqlConnection(ConnectionString(endpoint, "app_user", Password, "coder")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE workspaces (name text); INSERT INTO workspaces VALUES ('alpha')", connection);
            await create.ExecuteNonQueryAsync();
        }

        var backup = await server.PostAsync($"{Rdb}/backups", new JsonObject { ["instance_id"] = id, ["database_name"] = "coder", ["name"] = "before-upgrade" });
        var backupPath = $"{Rdb}/backups/{backup.Object["id"]!.GetValue<string>()}";
        var readyBackup = await server.WaitForStatusAsync(backupPath, "ready");
        var restore = await server.PostAsync($"{backupPath}/restore", new JsonObject { ["instance_id"] = id, ["database_name"] = "restored" });

        await using var restored = new NpgsqlConnection(ConnectionString(endpoint, "owner_user", Password, "restored"));
        await restored.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT name FROM workspaces", restored);

        Assert.True(readyBackup["size"]!.GetValue<long>() > 0);
        Assert.Equal("restoring", restore.Object["status"]!.GetValue<string>());
        Assert.Equal("alpha", (string?)await query.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task Changed_user_password_is_the_one_postgresql_accepts()
    {
        await using var postgres = new PostgresFleet(LocalPostgresServer.FindBinaries()!, null, NullLogger.Instance);
        await using var server = await ScalewayTestServer.StartAsync(postgres: postgres);
        var id = (await server.CreateDatabaseInstanceAsync(userName: "rotating", password: Password))["id"]!.GetValue<string>();
        var endpoint = (await server.WaitForStatusAsync($"{Rdb}/instances/{id}", "ready"))["endpoints"]![0]!;
        const string rotated = "Rotated!Passw0rd";

        var patched = await server.PatchAsync($"{Rdb}/instances/{id}/users/rotating", new JsonObject { ["password"] = rotated });
        await using var connection = new NpgsqlConnection(ConnectionString(endpoint, "rotating", rotated, "rdb"));
        await connection.OpenAsync();
        await using var stale = new NpgsqlConnection(ConnectionString(endpoint, "rotating", Password, "rdb"));

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(PostgresErrorCodes.InvalidPassword, (await Assert.ThrowsAsync<PostgresException>(() => stale.OpenAsync())).SqlState);
    }

    [PostgresFact]
    public async Task Exported_backup_download_url_serves_the_dump()
    {
        await using var postgres = new PostgresFleet(LocalPostgresServer.FindBinaries()!, null, NullLogger.Instance);
        await using var server = await ScalewayTestServer.StartAsync(postgres: postgres);
        var id = (await server.CreateDatabaseInstanceAsync(userName: "exporter", password: Password))["id"]!.GetValue<string>();
        await server.WaitForStatusAsync($"{Rdb}/instances/{id}", "ready");
        var backupId = (await server.PostAsync($"{Rdb}/backups", new JsonObject { ["instance_id"] = id, ["database_name"] = "rdb", ["name"] = "export-me" })).Object["id"]!.GetValue<string>();
        await server.WaitForStatusAsync($"{Rdb}/backups/{backupId}", "ready");

        var exporting = await server.PostAsync($"{Rdb}/backups/{backupId}/export", null);
        var exported = await server.WaitForStatusAsync($"{Rdb}/backups/{backupId}", "ready");
        var dump = await server.Http.GetByteArrayAsync(exported["download_url"]!.GetValue<string>());

        Assert.Equal("exporting", exporting.Object["status"]!.GetValue<string>());
        Assert.Equal("PGDMP", System.Text.Encoding.ASCII.GetString(dump, 0, 5));
    }

    [PostgresFact]
    public async Task Deleted_instance_stops_its_real_server()
    {
        await using var postgres = new PostgresFleet(LocalPostgresServer.FindBinaries()!, null, NullLogger.Instance);
        await using var server = await ScalewayTestServer.StartAsync(postgres: postgres);
        var id = (await server.CreateDatabaseInstanceAsync(userName: "short_lived", password: Password))["id"]!.GetValue<string>();
        var endpoint = (await server.WaitForStatusAsync($"{Rdb}/instances/{id}", "ready"))["endpoints"]![0]!;

        await server.DeleteAsync($"{Rdb}/instances/{id}");
        await server.WaitForNotFoundAsync($"{Rdb}/instances/{id}");
        await server.Server.TickAsync(CancellationToken.None);

        await using var connection = new NpgsqlConnection(ConnectionString(endpoint, "short_lived", Password, "rdb"));
        var failure = await Assert.ThrowsAsync<NpgsqlException>(() => connection.OpenAsync());
        Assert.IsType<System.Net.Sockets.SocketException>(failure.InnerException);
        Assert.Equal(0, postgres.Count);
    }

    [PostgresFact]
    public async Task Two_instances_with_the_same_user_name_keep_their_own_passwords()
    {
        await using var postgres = new PostgresFleet(LocalPostgresServer.FindBinaries()!, null, NullLogger.Instance);
        await using var server = await ScalewayTestServer.StartAsync(postgres: postgres);
        const string OtherPassword = "Other-Passw0rd!x";
        var first = (await server.CreateDatabaseInstanceAsync(userName: "coder", password: Password))["id"]!.GetValue<string>();
        var second = (await server.CreateDatabaseInstanceAsync(name: "second", userName: "coder", password: OtherPassword))["id"]!.GetValue<string>();
        var firstEndpoint = (await server.WaitForStatusAsync($"{Rdb}/instances/{first}", "ready"))["endpoints"]![0]!;
        var secondEndpoint = (await server.WaitForStatusAsync($"{Rdb}/instances/{second}", "ready"))["endpoints"]![0]!;

        await using var one = new NpgsqlConnection(ConnectionString(firstEndpoint, "coder", Password, "rdb"));
        await using var two = new NpgsqlConnection(ConnectionString(secondEndpoint, "coder", OtherPassword, "rdb"));
        await one.OpenAsync();
        await two.OpenAsync();

        Assert.NotEqual(firstEndpoint["port"]!.GetValue<int>(), secondEndpoint["port"]!.GetValue<int>());
    }

    [PostgresFact]
    public async Task Real_database_and_its_instance_survive_a_restart_with_a_state_directory()
    {
        var stateDirectory = Path.Combine(Path.GetTempPath(), "sandbox-pg-state-" + Guid.NewGuid().ToString("N"));
        var identity = CoderBootstrap.Sandbox.Scaleway.ScalewayIdentity.Generate();
        try
        {
            string id;
            await using (var postgres = new PostgresFleet(LocalPostgresServer.FindBinaries()!, stateDirectory, NullLogger.Instance))
            await using (var server = await ScalewayTestServer.StartAsync(state: new CoderBootstrap.Sandbox.Runtime.JsonFileStateStore(stateDirectory), identity: identity, postgres: postgres))
            {
                id = (await server.CreateDatabaseInstanceAsync(userName: "kept_user", password: Password))["id"]!.GetValue<string>();
                var endpoint = (await server.WaitForStatusAsync($"{Rdb}/instances/{id}", "ready"))["endpoints"]![0]!;
                await using var connection = new NpgsqlConnection(ConnectionString(endpoint, "kept_user", Password, "rdb"));
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE TABLE kept (value int); INSERT INTO kept VALUES (42)", connection);
                await create.ExecuteNonQueryAsync();
            }

            await using var restartedPostgres = new PostgresFleet(LocalPostgresServer.FindBinaries()!, stateDirectory, NullLogger.Instance);
            await using var restarted = await ScalewayTestServer.StartAsync(state: new CoderBootstrap.Sandbox.Runtime.JsonFileStateStore(stateDirectory), identity: identity, postgres: restartedPostgres);
            var restartedEndpoint = (await restarted.WaitForStatusAsync($"{Rdb}/instances/{id}", "ready"))["endpoints"]![0]!;
            await using var reconnected = new NpgsqlConnection(ConnectionString(restartedEndpoint, "kept_user", Password, "rdb"));
            await reconnected.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT value FROM kept", reconnected);

            Assert.Equal(42, (int)(await query.ExecuteScalarAsync())!);
        }
        finally
        {
            Directory.Delete(stateDirectory, recursive: true);
        }
    }

    private static string ConnectionString(JsonNode endpoint, string user, string password, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = endpoint["ip"]!.GetValue<string>(),
        Port = endpoint["port"]!.GetValue<int>(),
        Username = user,
        Password = password,
        Database = database,
        Pooling = false,
        Timeout = 30,
    }.ConnectionString;
}
