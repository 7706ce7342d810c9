using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CoderBootstrap.Sandbox.Tests.Scaleway;

/// <summary>
/// Replays a recorded Scaleway interaction sequence against the sandbox: recorded ids are mapped to
/// the ids the sandbox returns, resources a recording only references are created first, and each
/// answer is checked for the recorded status code, shape and status progression.
/// </summary>
public sealed partial class RecordingReplayer(ScalewayTestServer server)
{
    private const string Password = "Replay!Passw0rd";
    private static readonly TimeSpan ProgressionTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RecordedPauseAfterDeletion = TimeSpan.FromSeconds(1);

    private static readonly Dictionary<string, int> StateOrder = new()
    {
        ["to_create"] = 0, ["provisioning"] = 0, ["creating"] = 0, ["scaling"] = 0,
        ["initializing"] = 1, ["configuring"] = 1, ["pool_required"] = 1, ["exporting"] = 1, ["restoring"] = 1,
        ["ready"] = 2,
        ["deleting"] = 3, ["to_delete"] = 3,
    };

    private static readonly HashSet<string> TransientStates = ["to_create", "creating", "provisioning", "scaling", "initializing", "configuring", "exporting", "restoring", "deleting", "to_delete"];

    private readonly Dictionary<string, string> _ids = new(StringComparer.OrdinalIgnoreCase);
    private IReadOnlyList<RecordedInteraction> _interactions = [];

    public List<string> Failures { get; } = [];

    public List<string> Skipped { get; } = [];

    public int Replayed { get; private set; }

    public async Task ReplayAsync(IReadOnlyList<RecordedInteraction> interactions)
    {
        _interactions = interactions;
        for (var index = 0; index < interactions.Count; index++)
        {
            var interaction = interactions[index];
            var label = $"#{index} {interaction.Method} {interaction.Url}";
            if (UnsupportedReason(interaction) is { } reason)
            {
                Skipped.Add($"{label}: {reason}");
                continue;
            }

            await BootstrapReferencedAsync(interaction);
            if (interaction.Method == "POST" && LbCollection().IsMatch(interaction.Path))
            {
                await AdoptLoadBalancerAsync(interaction, index, label);
                continue;
            }

            if (interaction.Method != "GET" && index > 0 && interactions[index - 1] is { Method: "GET", Status: 404 })
            {
                // The recorded clients waited about a second after a deletion finished before their next call.
                await Task.Delay(server.Runtime.Scale(RecordedPauseAfterDeletion));
            }

            var url = MapIds(interaction.Url);
            var body = RequestBody(interaction);
            var response = await SendAsync(interaction.Method, url, body);
            (response, var sameState) = await AwaitProgressionAsync(interaction, url, response, label);
            if (sameState)
            {
                Check(interaction, response, label);
            }
            Replayed++;
        }
    }

    private static string? UnsupportedReason(RecordedInteraction interaction)
    {
        if (interaction.Path.StartsWith("/ipam/", StringComparison.Ordinal))
        {
            return "the IPAM API is not emulated";
        }

        if (interaction.Path.Contains("/ips", StringComparison.Ordinal) && interaction.Path.StartsWith("/lb/", StringComparison.Ordinal))
        {
            return "load balancer flexible IPs are not emulated (service LBs carry their own IP)";
        }

        if (interaction.Path.StartsWith("/lb/", StringComparison.Ordinal) && (interaction.Method == "PUT" || interaction.Path.EndsWith("-private-network", StringComparison.Ordinal)))
        {
            return "load balancers are managed by the cluster's cloud controller; updates and private-network attachment are not emulated";
        }

        return null;
    }

    private async Task<ApiResponse> SendAsync(string method, string url, JsonNode? body) =>
        await server.SendAsync(new HttpMethod(method), url, body);

    /// <summary>
    /// Polls a GET until the sandbox is in the recorded state. Returns whether the answer is in that
    /// state: when the sandbox already moved past a transient recorded state, the recorded body
    /// describes a state it has left, so only the progression is checked.
    /// </summary>
    private async Task<(ApiResponse Response, bool SameState)> AwaitProgressionAsync(RecordedInteraction interaction, string url, ApiResponse response, string label)
    {
        if (interaction.Method != "GET")
        {
            return (response, true);
        }

        var deadline = DateTime.UtcNow + ProgressionTimeout;
        var expectedState = interaction.RecordedState;
        while (true)
        {
            var actualState = response.Status == HttpStatusCode.OK ? (response.Json as JsonObject)?["status"]?.GetValue<string>() : null;
            if ((int)response.Status == interaction.Status)
            {
                if (expectedState is null || actualState is null || actualState == expectedState)
                {
                    return (response, true);
                }

                var ahead = StateOrder.GetValueOrDefault(actualState, -1) > StateOrder.GetValueOrDefault(expectedState, -1);
                if (ahead && TransientStates.Contains(expectedState))
                {
                    Skipped.Add($"{label}: passed through '{expectedState}' before the poll (sandbox already '{actualState}')");
                    Learn(interaction.ResponseBody, response.Json);
                    return (response, false);
                }

                if (ahead)
                {
                    Failures.Add($"{label}: sandbox status '{actualState}' is past the recorded '{expectedState}'");
                    return (response, false);
                }
            }
            else if (interaction.Status == 404 && actualState is "deleting" or "to_delete")
            {
                // Deletion still running: keep polling like the recorded client did.
            }
            else if (interaction.Status == 200 && expectedState is "deleting" or "to_delete" && response.Status == HttpStatusCode.NotFound)
            {
                Skipped.Add($"{label}: deletion finished before the poll");
                return (response, false);
            }
            else
            {
                return (response, true);
            }

            if (DateTime.UtcNow > deadline)
            {
                Failures.Add($"{label}: never reached the recorded {interaction.Status} '{expectedState}' (last {(int)response.Status} '{actualState}')");
                return (response, false);
            }

            await Task.Delay(50);
            response = await SendAsync("GET", url, null);
        }
    }

    private void Check(RecordedInteraction interaction, ApiResponse response, string label)
    {
        if ((int)response.Status != interaction.Status)
        {
            Failures.Add($"{label}: status {(int)response.Status}, recorded {interaction.Status}: {Truncate(response.Text)}");
            return;
        }

        if (interaction.ResponseBody is null)
        {
            if (response.Text.Length > 0 && response.Status == HttpStatusCode.NoContent)
            {
                Failures.Add($"{label}: recorded an empty body, sandbox answered {Truncate(response.Text)}");
            }

            return;
        }

        if (response.Text.Length == 0)
        {
            Failures.Add($"{label}: recorded a body, the sandbox answered none");
            return;
        }

        var actual = response.Json;
        foreach (var difference in JsonShape.Differences(interaction.ResponseBody, actual))
        {
            Failures.Add($"{label}: {difference}");
        }

        Learn(interaction.ResponseBody, actual);
    }

    private async Task AdoptLoadBalancerAsync(RecordedInteraction interaction, int index, string label)
    {
        // Sandbox LBs come from Kubernetes LoadBalancer services, as on Kapsule: the recorded LB is
        // stood in for by a service LB whose name contains the recorded name.
        var recorded = interaction.ResponseBody!.AsObject();
        var name = recorded["name"]!.GetValue<string>();
        var id = server.Server.LoadBalancers.EnsureForService(name, "default", $"service-{index}", "127.0.0.1");
        var zone = interaction.Path.Split('/')[4];
        var actual = await SendAsync("GET", $"/lb/v1/zones/{zone}/lbs/{id}", null);
        Check(interaction, actual, label + " (as a service LB)");
        Replayed++;
    }

    private async Task BootstrapReferencedAsync(RecordedInteraction interaction)
    {
        foreach (Match match in UuidInUrl().Matches(interaction.Url))
        {
            var id = match.Groups["id"].Value;
            var context = match.Groups["context"].Value;
            if (!_ids.ContainsKey(id) && !IsCreatedBy(interaction, id))
            {
                await BootstrapAsync(id, context);
            }
        }

        // Old scaleway-cli cassettes lack request bodies; their answers name the same references.
        var referencing = interaction.RequestBody ?? (interaction.Method == "POST" ? interaction.ResponseBody : null);
        if (referencing is JsonObject body)
        {
            foreach (var key in new[] { "instance_id", "private_network_id" })
            {
                if (body[key]?.GetValue<string>() is { } id && !_ids.ContainsKey(id) && ScalewayUuid().IsMatch(id))
                {
                    await BootstrapAsync(id, key == "instance_id" ? "instances" : "private-networks");
                }
            }
        }
    }

    private static bool IsCreatedBy(RecordedInteraction interaction, string id) =>
        interaction.Method == "POST" && (interaction.ResponseBody as JsonObject)?["id"]?.GetValue<string>() == id;

    private async Task BootstrapAsync(string id, string context)
    {
        switch (context)
        {
            case "clusters":
                await BootstrapClusterAsync(id);
                break;
            case "pools" or "pool_id":
                var pool = FindRecordedObject(id) ?? throw new InvalidOperationException($"Pool {id} is referenced but never described");
                await BootstrapClusterAsync(pool["cluster_id"]!.GetValue<string>());
                break;
            case "instances" or "instance_id":
                await BootstrapInstanceAsync(id);
                break;
            case "private-networks" or "private_network_id":
                var networkId = await server.CreatePrivateNetworkAsync("replay-pn");
                _ids[id] = networkId;
                break;
        }
    }

    private async Task BootstrapClusterAsync(string recordedClusterId)
    {
        if (_ids.ContainsKey(recordedClusterId))
        {
            return;
        }

        var recordedPools = AllRecordedObjects().Where(o => o["cluster_id"]?.GetValue<string>() == recordedClusterId && o["node_type"] is not null)
            .GroupBy(o => o["id"]!.GetValue<string>()).Select(g => g.First()).ToList();
        var pools = recordedPools.Count == 0
            ? new JsonArray(new JsonObject { ["name"] = "default", ["node_type"] = "DEV1-M", ["size"] = 1 })
            : new JsonArray(recordedPools.Select(p => (JsonNode?)new JsonObject
            {
                ["name"] = p["name"]!.GetValue<string>(),
                ["node_type"] = p["node_type"]!.GetValue<string>(),
                ["size"] = Math.Max(1, p["min_size"]?.GetValue<int>() ?? 1),
            }).ToArray());
        var networkId = await server.CreatePrivateNetworkAsync("replay-cluster-pn");
        var created = await server.PostAsync("/k8s/v1/regions/fr-par/clusters", new JsonObject
        {
            ["name"] = "replay-cluster",
            ["version"] = "1.35.3",
            ["private_network_id"] = networkId,
            ["pools"] = pools,
        });
        var clusterId = created.Object["id"]!.GetValue<string>();
        _ids[recordedClusterId] = clusterId;
        await server.WaitForStatusAsync($"/k8s/v1/regions/fr-par/clusters/{clusterId}", "ready");
        var actualPools = (await server.GetAsync($"/k8s/v1/regions/fr-par/clusters/{clusterId}/pools")).Object["pools"]!.AsArray();
        foreach (var recordedPool in recordedPools)
        {
            var actual = actualPools.First(p => p!["name"]!.GetValue<string>() == recordedPool["name"]!.GetValue<string>())!;
            _ids[recordedPool["id"]!.GetValue<string>()] = actual["id"]!.GetValue<string>();
            await server.WaitForStatusAsync($"/k8s/v1/regions/fr-par/pools/{actual["id"]!.GetValue<string>()}", "ready");
        }
    }

    private async Task BootstrapInstanceAsync(string recordedInstanceId)
    {
        var recorded = FindRecordedObject(recordedInstanceId);
        var body = new JsonObject
        {
            ["name"] = recorded?["name"]?.GetValue<string>() ?? "replay-instance",
            ["engine"] = recorded?["engine"]?.GetValue<string>() ?? "PostgreSQL-16",
            ["node_type"] = recorded?["node_type"]?.GetValue<string>() ?? "db-dev-s",
            ["user_name"] = "replay_admin",
            ["password"] = Password,
            ["tags"] = recorded?["tags"]?.DeepClone() ?? new JsonArray(),
        };
        if (recorded?["project_id"] is { } project)
        {
            body["project_id"] = project.DeepClone();
        }

        var created = await server.PostAsync("/rdb/v1/regions/fr-par/instances", body);
        var instanceId = created.Object["id"]!.GetValue<string>();
        _ids[recordedInstanceId] = instanceId;
        await server.WaitForStatusAsync($"/rdb/v1/regions/fr-par/instances/{instanceId}", "ready");
        var databases = _interactions.Select(i => (i.RequestBody ?? i.ResponseBody) as JsonObject)
            .Where(b => b?["instance_id"]?.GetValue<string>() == recordedInstanceId && b["database_name"] is not null)
            .Select(b => b!["database_name"]!.GetValue<string>()).Where(name => name != "rdb").Distinct();
        foreach (var database in databases)
        {
            await server.PostAsync($"/rdb/v1/regions/fr-par/instances/{instanceId}/databases", new JsonObject { ["name"] = database });
        }
    }

    private JsonNode? RequestBody(RecordedInteraction interaction)
    {
        if (interaction.RequestBody is { } recorded)
        {
            var body = MapIds(recorded.DeepClone());
            ReplacePasswords(body);
            return body;
        }

        if (interaction.Method is not ("POST" or "PATCH" or "PUT") || interaction.ResponseBody is not JsonObject response)
        {
            return null;
        }

        // Old scaleway-cli cassettes did not keep request bodies: rebuild one from the recorded answer.
        var synthesized = new JsonObject();
        foreach (var key in new[] { "name", "project_id", "tags", "engine", "node_type", "database_name", "instance_id", "expires_at" })
        {
            if (response[key] is { } value)
            {
                synthesized[key] = MapIds(value.DeepClone());
            }
        }

        if (interaction.Path.EndsWith("/instances", StringComparison.Ordinal))
        {
            synthesized["user_name"] = "replay_admin";
            synthesized["password"] = Password;
            synthesized["init_endpoints"] = new JsonArray((response["endpoints"]?.AsArray() ?? []).Select(endpoint => (JsonNode?)(endpoint!["private_network"] is { } network
                ? new JsonObject { ["private_network"] = new JsonObject { ["private_network_id"] = MapIds(network["private_network_id"]!.GetValue<string>()), ["service_ip"] = network["service_ip"]!.DeepClone() } }
                : new JsonObject { ["load_balancer"] = new JsonObject() })).ToArray());
        }

        return interaction.Path.EndsWith("/export", StringComparison.Ordinal) ? null : synthesized;
    }

    private static void ReplacePasswords(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in obj.Select(pair => pair.Key).ToList())
            {
                if (key == "password")
                {
                    obj[key] = Password;
                }
                else
                {
                    ReplacePasswords(obj[key]);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                ReplacePasswords(item);
            }
        }
    }

    private void Learn(JsonNode? recorded, JsonNode? actual)
    {
        switch (recorded, actual)
        {
            case (JsonObject recordedObject, JsonObject actualObject):
                foreach (var (key, value) in recordedObject)
                {
                    if ((key == "id" || key.EndsWith("_id", StringComparison.Ordinal)) && key is not ("project_id" or "organization_id")
                        && value?.GetValueKind() == System.Text.Json.JsonValueKind.String && actualObject[key]?.GetValueKind() == System.Text.Json.JsonValueKind.String)
                    {
                        var recordedId = value.GetValue<string>();
                        if (ScalewayUuid().IsMatch(recordedId) && !_ids.ContainsKey(recordedId))
                        {
                            _ids[recordedId] = actualObject[key]!.GetValue<string>();
                        }
                    }
                    else
                    {
                        Learn(value, actualObject[key]);
                    }
                }

                break;
            case (JsonArray recordedArray, JsonArray actualArray):
                for (var index = 0; index < Math.Min(recordedArray.Count, actualArray.Count); index++)
                {
                    Learn(recordedArray[index], actualArray[index]);
                }

                break;
        }
    }

    private string MapIds(string text) => ScalewayUuid().Replace(text, match => _ids.GetValueOrDefault(match.Value, match.Value));

    private JsonNode? MapIds(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(pair => pair.Key).ToList())
                {
                    obj[key] = MapIds(obj[key]);
                }

                return obj;
            case JsonArray array:
                for (var index = 0; index < array.Count; index++)
                {
                    array[index] = MapIds(array[index]?.DeepClone());
                }

                return array;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                return JsonValue.Create(MapIds(value.GetValue<string>()));
            default:
                return node;
        }
    }

    private JsonObject? FindRecordedObject(string id) => AllRecordedObjects().FirstOrDefault(o => o["id"]?.GetValue<string>() == id);

    private IEnumerable<JsonObject> AllRecordedObjects()
    {
        static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
        {
            JsonObject obj => new[] { obj }.Concat(obj.SelectMany(pair => Walk(pair.Value))),
            JsonArray array => array.SelectMany(Walk),
            _ => [],
        };
        return _interactions.SelectMany(i => Walk(i.ResponseBody));
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "..." : text;

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex ScalewayUuid();

    [GeneratedRegex("(?:/(?<context>clusters|pools|instances|private-networks|vpcs|backups|lbs)/|[?&](?<context>pool_id|instance_id|private_network_id)=)(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", RegexOptions.IgnoreCase)]
    private static partial Regex UuidInUrl();

    [GeneratedRegex("^/lb/v1/zones/[^/]+/lbs$")]
    private static partial Regex LbCollection();
}
