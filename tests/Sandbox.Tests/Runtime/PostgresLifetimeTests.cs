using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Postgres;
using CoderBootstrap.Sandbox.Tests.Scaleway;
using Npgsql;

namespace CoderBootstrap.Sandbox.Tests.Runtime;

/// <summary>A managed database's PostgreSQL server is a child of the sandbox: it dies with it, however the sandbox dies.</summary>
public sealed class PostgresLifetimeTests : IDisposable
{
    private const string Password = "Sandb0x!Password";

    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "sandbox-pg-lifetime-" + Guid.NewGuid().ToString("N"));

    [PostgresFact]
    public async Task After_kill_9_of_the_sandbox_no_server_is_left_and_the_restarted_sandbox_serves_the_database_at_once()
    {
        string instanceId;
        JsonNode endpointBefore;
        await using (var first = await SandboxProcess.StartAsync("--state-dir", _stateDirectory, "--time-scale", "0"))
        {
            using var client = first.CreateScalewayClient();
            var created = await PostAsync(client, "/rdb/v1/regions/fr-par/instances", new JsonObject
            {
                ["name"] = "db",
                ["engine"] = "PostgreSQL-16",
                ["user_name"] = "coder",
                ["password"] = Password,
                ["node_type"] = "DB-DEV-S",
            });
            instanceId = created["id"]!.GetValue<string>();
            endpointBefore = (await GetAsync(client, $"/rdb/v1/regions/fr-par/instances/{instanceId}"))["endpoints"]![0]!;
            Assert.Equal(1, await QueryOneAsync(endpointBefore));
            Assert.NotEmpty(ServersOfThisSandbox());

            await first.KillAsync();
            await EventuallyAsync(() => ServersOfThisSandbox().Count == 0, "the PostgreSQL server of the killed sandbox exits");
        }

        await using var second = await SandboxProcess.StartAsync("--state-dir", _stateDirectory, "--time-scale", "0");
        using var secondClient = second.CreateScalewayClient();
        var endpointAfter = (await GetAsync(secondClient, $"/rdb/v1/regions/fr-par/instances/{instanceId}"))["endpoints"]![0]!;

        Assert.Equal(1, await QueryOneAsync(endpointAfter));
        Assert.Equal(endpointBefore["port"]!.GetValue<int>(), endpointAfter["port"]!.GetValue<int>());

        await second.StopAsync();
        Assert.Empty(ServersOfThisSandbox());
    }

    [PostgresFact]
    public async Task A_server_left_running_on_the_data_directory_is_stopped_and_replaced_at_the_next_start()
    {
        string instanceId;
        await using (var first = await SandboxProcess.StartAsync("--state-dir", _stateDirectory, "--time-scale", "0"))
        {
            using var client = first.CreateScalewayClient();
            instanceId = (await PostAsync(client, "/rdb/v1/regions/fr-par/instances", new JsonObject
            {
                ["name"] = "db", ["engine"] = "PostgreSQL-16", ["user_name"] = "coder", ["password"] = Password, ["node_type"] = "DB-DEV-S",
            }))["id"]!.GetValue<string>();
            await first.StopAsync();
        }

        // A server that outlived its sandbox (as before parent-death handling): started by hand on the data directory.
        var dataDirectory = Directory.GetDirectories(Path.Combine(_stateDirectory, "postgres-instances"), "data", SearchOption.AllDirectories).Single();
        var port = int.Parse(await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(dataDirectory)!, "port")), System.Globalization.CultureInfo.InvariantCulture);
        var socket = Directory.CreateTempSubdirectory("sbx-orphan-");
        string[] pgCtl = [Path.Combine(LocalPostgresServer.FindBinaries()!, "pg_ctl"), "start", "-w", "-D", dataDirectory,
            "-o", $"-p {port} -k {socket.FullName} -c listen_addresses=127.0.0.1"];
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await System.Diagnostics.Process.Start("chown", ["postgres:postgres", socket.FullName])!.WaitForExitAsync();
        }

        using var orphan = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(asRoot ? "runuser" : pgCtl[0], asRoot ? ["-u", "postgres", "--", .. pgCtl] : pgCtl[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        await orphan.WaitForExitAsync();
        Assert.NotEmpty(ServersOfThisSandbox());

        await using var second = await SandboxProcess.StartAsync("--state-dir", _stateDirectory, "--time-scale", "0");
        using var secondClient = second.CreateScalewayClient();
        var endpoint = (await GetAsync(secondClient, $"/rdb/v1/regions/fr-par/instances/{instanceId}"))["endpoints"]![0]!;

        Assert.Equal(1, await QueryOneAsync(endpoint));
        Assert.Single(ServersOfThisSandbox());
    }

    /// <summary>The postmaster processes whose command line names this test's state directory.</summary>
    private List<int> ServersOfThisSandbox() =>
        Directory.GetDirectories("/proc")
            .Select(path => int.TryParse(Path.GetFileName(path), out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .Where(pid =>
            {
                try
                {
                    var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
                    return Path.GetFileName(commandLine[0]) == "postgres" && commandLine.Any(part => part.StartsWith(_stateDirectory, StringComparison.Ordinal));
                }
                catch (IOException)
                {
                    return false;
                }
            })
            .ToList();

    private static async Task<int> QueryOneAsync(JsonNode endpoint)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = endpoint["ip"]!.GetValue<string>(),
            Port = endpoint["port"]!.GetValue<int>(),
            Username = "coder",
            Password = Password,
            Database = "rdb",
            Pooling = false,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<JsonNode> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, string path, JsonNode body)
    {
        using var response = await client.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }
}
