using System.Net;
using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

public sealed class RdbApiTests
{
    private const string Rdb = "/rdb/v1/regions/fr-par";

    [Fact]
    public async Task Instance_goes_provisioning_then_initializing_then_ready()
    {
        await using var server = await ScalewayTestServer.StartAsync(timeScale: 0.02);
        var created = await server.CreateDatabaseInstanceAsync();
        var path = $"{Rdb}/instances/{created["id"]!.GetValue<string>()}";

        Assert.Equal("provisioning", created["status"]!.GetValue<string>());
        await server.WaitForStatusAsync(path, "initializing");
        await server.WaitForStatusAsync(path, "ready");
        Assert.Equal("db-dev-s", created["node_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Creating_a_database_while_the_instance_provisions_gets_409_transient_state()
    {
        await using var server = await ScalewayTestServer.StartAsync(timeScale: 1);
        var id = (await server.CreateDatabaseInstanceAsync())["id"]!.GetValue<string>();

        var response = await server.PostAsync($"{Rdb}/instances/{id}/databases", new JsonObject { ["name"] = "coder" });

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal("transient_state", response.ErrorType);
        Assert.Equal("provisioning", response.Object["current_state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Weak_password_is_rejected_with_invalid_arguments()
    {
        await using var server = await ScalewayTestServer.StartAsync();

        var response = await server.PostAsync($"{Rdb}/instances", new JsonObject
        {
            ["name"] = "db", ["engine"] = "PostgreSQL-16", ["user_name"] = "coder", ["password"] = "password", ["node_type"] = "db-dev-s",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("password", response.Object["details"]![0]!["argument_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Databases_and_users_are_created_listed_and_deleted_by_name()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var id = (await server.CreateDatabaseInstanceAsync())["id"]!.GetValue<string>();
        await server.WaitForStatusAsync($"{Rdb}/instances/{id}", "ready");

        var database = await server.PostAsync($"{Rdb}/instances/{id}/databases", new JsonObject { ["name"] = "coder" });
        var user = await server.PostAsync($"{Rdb}/instances/{id}/users", new JsonObject { ["name"] = "app", ["password"] = "Sandb0x!Other", ["is_admin"] = false });
        var privilege = await server.PutAsync($"{Rdb}/instances/{id}/privileges", new JsonObject { ["database_name"] = "coder", ["user_name"] = "app", ["permission"] = "all" });
        var databases = await server.GetAsync($"{Rdb}/instances/{id}/databases?name=coder&order_by=name_asc");
        var users = await server.GetAsync($"{Rdb}/instances/{id}/users?order_by=name_asc");
        var deletedDatabase = await server.DeleteAsync($"{Rdb}/instances/{id}/databases/coder");
        var deletedUser = await server.DeleteAsync($"{Rdb}/instances/{id}/users/app");

        Assert.Equal("", database.Object["owner"]!.GetValue<string>());
        Assert.False(user.Object["is_admin"]!.GetValue<bool>());
        Assert.Equal("all", privilege.Object["permission"]!.GetValue<string>());
        Assert.Equal(1, databases.Object["total_count"]!.GetValue<int>());
        Assert.Equal(["app", "coder"], users.Object["users"]!.AsArray().Select(u => u!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, deletedDatabase.Status);
        Assert.Equal(HttpStatusCode.NoContent, deletedUser.Status);
    }

    [Fact]
    public async Task Adding_an_endpoint_makes_the_instance_initializing_and_removing_one_configuring()
    {
        await using var server = await ScalewayTestServer.StartAsync(timeScale: 0.05);
        var networkId = await server.CreatePrivateNetworkAsync();
        var instance = await server.CreateDatabaseInstanceAsync(initEndpoints: new JsonArray(new JsonObject { ["private_network"] = new JsonObject { ["private_network_id"] = networkId, ["ipam_config"] = new JsonObject() } }));
        var path = $"{Rdb}/instances/{instance["id"]!.GetValue<string>()}";
        await server.WaitForStatusAsync(path, "ready");

        var added = await server.PostAsync($"{path}/endpoints", new JsonObject { ["endpoint_spec"] = new JsonObject { ["load_balancer"] = new JsonObject() } });
        var initializing = await server.GetAsync(path);
        var ready = await server.WaitForStatusAsync(path, "ready");
        var privateEndpoint = ready["endpoints"]!.AsArray().First(e => e!["private_network"] is not null)!;
        var removed = await server.DeleteAsync($"{Rdb}/endpoints/{privateEndpoint["id"]!.GetValue<string>()}");
        var configuring = await server.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal("initializing", initializing.Object["status"]!.GetValue<string>());
        Assert.Equal(2, ready["endpoints"]!.AsArray().Count);
        Assert.NotNull(ready["endpoint"]!["load_balancer"]);
        Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        Assert.Equal("configuring", configuring.Object["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Backup_goes_creating_then_ready_and_delete_answers_200_deleting_then_404()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var id = (await server.CreateDatabaseInstanceAsync())["id"]!.GetValue<string>();
        await server.WaitForStatusAsync($"{Rdb}/instances/{id}", "ready");

        var backup = await server.PostAsync($"{Rdb}/backups", new JsonObject { ["instance_id"] = id, ["database_name"] = "rdb", ["name"] = "nightly" });
        var backupPath = $"{Rdb}/backups/{backup.Object["id"]!.GetValue<string>()}";
        await server.WaitForStatusAsync(backupPath, "ready");
        var listed = await server.GetAsync($"{Rdb}/backups?instance_id={id}");
        var deleted = await server.DeleteAsync(backupPath);
        var gone = await server.GetAsync(backupPath);

        Assert.Equal("creating", backup.Object["status"]!.GetValue<string>());
        Assert.Equal(1, listed.Object["total_count"]!.GetValue<int>());
        Assert.Equal("deleting", deleted.Object["status"]!.GetValue<string>());
        Assert.Equal("database_backup", gone.Object["resource"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_an_instance_answers_200_deleting_then_404()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var id = (await server.CreateDatabaseInstanceAsync())["id"]!.GetValue<string>();

        var deleted = await server.DeleteAsync($"{Rdb}/instances/{id}");
        await server.WaitForNotFoundAsync($"{Rdb}/instances/{id}");
        var gone = await server.GetAsync($"{Rdb}/instances/{id}");

        Assert.Equal("deleting", deleted.Object["status"]!.GetValue<string>());
        Assert.Equal("instance", gone.Object["resource"]!.GetValue<string>());
    }

    [Fact]
    public async Task Acl_rules_are_added_replaced_listed_and_deleted()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var id = (await server.CreateDatabaseInstanceAsync())["id"]!.GetValue<string>();
        await server.WaitForStatusAsync($"{Rdb}/instances/{id}", "ready");

        var added = await server.PostAsync($"{Rdb}/instances/{id}/acls", new JsonObject { ["rules"] = new JsonArray(new JsonObject { ["ip"] = "10.0.0.0/24", ["description"] = "cluster" }) });
        var replaced = await server.PutAsync($"{Rdb}/instances/{id}/acls", new JsonObject { ["rules"] = new JsonArray(new JsonObject { ["ip"] = "192.0.2.7" }, new JsonObject { ["ip"] = "198.51.100.0/24" }) });
        var deleted = await server.SendAsync(HttpMethod.Delete, $"{Rdb}/instances/{id}/acls", new JsonObject { ["acl_rule_ips"] = new JsonArray("192.0.2.7") });
        var listed = await server.GetAsync($"{Rdb}/instances/{id}/acls");
        var invalid = await server.PostAsync($"{Rdb}/instances/{id}/acls", new JsonObject { ["rules"] = new JsonArray(new JsonObject { ["ip"] = "not-an-ip" }) });

        Assert.Equal("10.0.0.0/24", Assert.Single(added.Object["rules"]!.AsArray())!["ip"]!.GetValue<string>());
        Assert.Equal(["192.0.2.7/32", "198.51.100.0/24"], replaced.Object["rules"]!.AsArray().Select(r => r!["ip"]!.GetValue<string>()));
        Assert.Single(deleted.Object["rules"]!.AsArray());
        Assert.Equal(1, listed.Object["total_count"]!.GetValue<int>());
        Assert.Equal("rules.0.ip", invalid.Object["details"]![0]!["argument_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Engines_and_node_types_are_listed_with_total_count()
    {
        await using var server = await ScalewayTestServer.StartAsync();

        var engines = (await server.GetAsync($"{Rdb}/database-engines")).Object;
        var nodeTypes = (await server.GetAsync($"{Rdb}/node-types")).Object;

        Assert.Contains(engines["engines"]!.AsArray(), engine => engine!["versions"]!.AsArray().Any(v => v!["name"]!.GetValue<string>() == "PostgreSQL-16"));
        Assert.Contains(nodeTypes["node_types"]!.AsArray(), type => type!["name"]!.GetValue<string>() == "db-dev-s");
        Assert.Equal(nodeTypes["node_types"]!.AsArray().Count, nodeTypes["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Instances_filter_by_tags_and_name()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        await server.CreateDatabaseInstanceAsync(name: "coder-db");
        await server.CreateDatabaseInstanceAsync(name: "other-db", userName: "other");

        var byName = await server.GetAsync($"{Rdb}/instances?name=coder");
        var byTag = await server.GetAsync($"{Rdb}/instances?tags=managed-by=coder-bootstrap");

        Assert.Equal(1, byName.Object["total_count"]!.GetValue<int>());
        Assert.Equal(2, byTag.Object["total_count"]!.GetValue<int>());
    }
}
