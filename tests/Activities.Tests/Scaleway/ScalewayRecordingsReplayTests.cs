using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoderBootstrap.Activities.Scaleway;

namespace CoderBootstrap.Activities.Tests.Scaleway;

/// <summary>
/// Feeds every recorded real Scaleway response (shared/recordings/scaleway) to the client method
/// that corresponds to its request, and checks the typed result against the recorded JSON, or
/// the exception against the recorded error.
/// </summary>
public sealed class ScalewayRecordingsReplayTests
{
    private const string SecretKey = "replay-secret-key-0000";
    // Nulls are written so that a typed field the JSON failed to fill is caught against the recording.
    private static readonly JsonSerializerOptions TypedProjection = new(ScalewayApiClient.JsonOptions)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    // One-of members (database endpoints, IPAM sources), fields added to the API after older
    // recordings (cluster pod_cidr/service_cidr) and the LB ip list absent from scaleway-cli v1 bodies.
    private static readonly HashSet<string> FieldsTheApiMayOmit =
        ["load_balancer", "private_network", "zonal", "private_network_id", "subnet_id", "pod_cidr", "service_cidr", "ip"];

    private const string Uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    public static TheoryData<string, int> Interactions()
    {
        var data = new TheoryData<string, int>();
        var root = RepositoryPaths.ScalewayRecordingsDirectory;
        foreach (var file in Directory.GetFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file);
            var count = RecordedInteraction.LoadFile(root, relative).Count;
            for (var index = 0; index < count; index++)
            {
                data.Add(relative, index);
            }
        }
        return data;
    }

    [Fact]
    public void RecordingsArePresentAndNumerous()
    {
        Assert.True(Interactions().Count() >= 265, $"expected the 265 recorded interactions under {RepositoryPaths.ScalewayRecordingsDirectory}");
    }

    [Theory]
    [MemberData(nameof(Interactions))]
    public async Task RecordedResponseIsReadByTheMatchingClientMethod(string file, int index)
    {
        var interactions = RecordedInteraction.LoadFile(RepositoryPaths.ScalewayRecordingsDirectory, file);
        var interaction = interactions[index];
        var handler = new ReplayHttpHandler(interactions) { Current = interaction };
        using var http = new HttpClient(handler);
        var client = new ScalewayApiClient(http, new ScalewayClientOptions
        {
            BaseUrl = new Uri("https://api.scaleway.com"),
            SecretKey = SecretKey,
            ProjectId = "11111111-1111-1111-1111-111111111111",
            Region = "fr-par",
            Zone = "fr-par-1",
            MaxRetryAttempts = 0,
        });

        if (interaction.Status >= 400)
        {
            var error = await Assert.ThrowsAsync<ScalewayApiException>(() => Invoke(client, interaction));
            AssertRecordedError(interaction, error);
        }
        else
        {
            var result = await Invoke(client, interaction);
            AssertMatchesRecording(interaction, handler.Answered, result);
        }

        Assert.Equal(interaction.Method, handler.Requests[0].Method);
        Assert.Equal(interaction.Path, handler.Requests[0].PathAndQuery.Split('?')[0]);
        Assert.All(handler.Requests, r => Assert.Equal(SecretKey, r.AuthToken));
    }

    private static void AssertRecordedError(RecordedInteraction interaction, ScalewayApiException error)
    {
        Assert.Equal((HttpStatusCode)interaction.Status, error.StatusCode);
        string? recordedType = null;
        string? recordedMessage = null;
        if (interaction.ResponseBody is { } body)
        {
            recordedType = body.TryGetProperty("type", out var type) ? type.GetString() : null;
            recordedMessage = body.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        Assert.Equal(recordedType, error.ErrorType);
        if (recordedMessage is not null)
        {
            Assert.Equal(recordedMessage, error.ApiMessage);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(error.ApiMessage));
        }
        if (interaction.ResponseBody is { } withResource && withResource.TryGetProperty("resource_id", out var resourceId))
        {
            Assert.Equal(resourceId.GetString(), error.ResourceId);
        }
        var expectRetryable = interaction.Status == 429 || interaction.Status >= 500
            || recordedType == "transient_state" || (interaction.Status == 409 && recordedType is null);
        Assert.Equal(expectRetryable, error.IsRetryable);
        Assert.DoesNotContain(SecretKey, error.Message);
        Assert.Contains(interaction.Status.ToString(CultureInfo.InvariantCulture), error.Message);
    }

    private static void AssertMatchesRecording(RecordedInteraction interaction, IReadOnlyList<RecordedInteraction> answered, object? result)
    {
        switch (result)
        {
            case bool deleted:
                Assert.True(deleted);
                Assert.Null(interaction.ResponseBody);
                return;
            case KubeconfigResult kubeconfig:
                var expectedYaml = Encoding.UTF8.GetString(Convert.FromBase64String(interaction.ResponseBody!.Value.GetProperty("content").GetString()!));
                Assert.Equal(expectedYaml, kubeconfig.Yaml);
                Assert.Contains("kind: Config", kubeconfig.Yaml);
                Assert.Contains("apiVersion: v1", kubeconfig.Yaml);
                return;
            case CertificateResult certificate:
                Assert.Contains("BEGIN CERTIFICATE", certificate.Pem);
                return;
            case ListResult list:
                var expectedItems = answered.SelectMany(a => a.ResponseBody!.Value.GetProperty(list.ItemsProperty).EnumerateArray()).ToList();
                var totalCount = answered[0].ResponseBody!.Value.TryGetProperty("total_count", out var total) ? total.GetInt64() : expectedItems.Count;
                Assert.Equal(expectedItems.Count, list.Items.Count);
                if (list.ReadsAllPages)
                {
                    Assert.Equal(totalCount, list.Items.Count);
                }
                var typedItems = JsonSerializer.SerializeToElement(list.Items, TypedProjection).EnumerateArray().ToList();
                for (var i = 0; i < expectedItems.Count; i++)
                {
                    AssertSubset(typedItems[i], expectedItems[i], $"{list.ItemsProperty}[{i}]");
                }
                return;
            case null:
                Assert.Fail($"no result for {interaction}");
                return;
            default:
                var recorded = interaction.ResponseBody ?? throw new InvalidOperationException($"{interaction} has no body to compare");
                var typed = JsonSerializer.SerializeToElement(result, result.GetType(), TypedProjection);
                var matched = AssertSubset(typed, recorded, "$");
                Assert.True(matched > 0, $"no typed field of {result.GetType().Name} matched the recording {interaction}");
                if (recorded.ValueKind == JsonValueKind.Object && recorded.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    Assert.Equal(id.GetString(), typed.GetProperty("id").GetString());
                }
                if (recorded.ValueKind == JsonValueKind.Object && recorded.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String)
                {
                    Assert.Equal(status.GetString(), typed.GetProperty("status").GetString());
                }
                return;
        }
    }

    /// <summary>Every field the typed object carries must equal the recorded one; returns how many leaf values matched.</summary>
    private static int AssertSubset(JsonElement typed, JsonElement recorded, string path)
    {
        switch (typed.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.True(recorded.ValueKind == JsonValueKind.Object, $"{path}: recorded {recorded.ValueKind}, typed object");
                var matched = 0;
                foreach (var property in typed.EnumerateObject())
                {
                    if (!recorded.TryGetProperty(property.Name, out var recordedValue))
                    {
                        // A typed field missing from the answer means a wrong JSON name, unless the API itself omits it.
                        Assert.True(FieldsTheApiMayOmit.Contains(property.Name), $"{path}.{property.Name}: typed field absent from the recorded answer");
                        continue;
                    }
                    if (recordedValue.ValueKind != JsonValueKind.Null)
                    {
                        matched += AssertSubset(property.Value, recordedValue, $"{path}.{property.Name}");
                    }
                }
                return matched;
            case JsonValueKind.Array:
                Assert.True(recorded.ValueKind == JsonValueKind.Array, $"{path}: recorded {recorded.ValueKind}, typed array");
                var typedItems = typed.EnumerateArray().ToList();
                var recordedItems = recorded.EnumerateArray().ToList();
                Assert.True(typedItems.Count == recordedItems.Count, $"{path}: {typedItems.Count} typed items, {recordedItems.Count} recorded");
                return typedItems.Select((item, i) => AssertSubset(item, recordedItems[i], $"{path}[{i}]")).Sum() + 1;
            case JsonValueKind.String:
                var text = typed.GetString();
                if (recorded.ValueKind == JsonValueKind.String && text != recorded.GetString()
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var typedDate)
                    && DateTimeOffset.TryParse(recorded.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var recordedDate))
                {
                    // The API sends nanoseconds; DateTimeOffset keeps 100 ns ticks.
                    Assert.True((typedDate - recordedDate).Duration() < TimeSpan.FromMicroseconds(1), $"{path}: typed {text}, recorded {recorded.GetString()}");
                    return 1;
                }
                Assert.True(recorded.ValueKind == JsonValueKind.String && text == recorded.GetString(), $"{path}: typed '{text}', recorded {recorded.GetRawText()}");
                return 1;
            case JsonValueKind.Number:
                Assert.True(recorded.ValueKind == JsonValueKind.Number && typed.GetDecimal() == recorded.GetDecimal(), $"{path}: typed {typed.GetRawText()}, recorded {recorded.GetRawText()}");
                return 1;
            case JsonValueKind.True:
            case JsonValueKind.False:
                Assert.True(recorded.ValueKind == typed.ValueKind, $"{path}: typed {typed.GetRawText()}, recorded {recorded.GetRawText()}");
                return 1;
            case JsonValueKind.Null:
                Assert.True(recorded.ValueKind == JsonValueKind.Null, $"{path}: typed field left empty, recorded {recorded.GetRawText()}");
                return 0;
            default:
                return 0;
        }
    }

    private sealed record ListResult(string ItemsProperty, IReadOnlyList<object> Items, bool ReadsAllPages);

    private sealed record KubeconfigResult(string Yaml);

    private sealed record CertificateResult(string Pem);

    private static async Task<object?> Invoke(ScalewayApiClient client, RecordedInteraction x)
    {
        var path = x.Path;
        var m = x.Method;
        Match match;
        bool Is(string method, string pattern)
        {
            match = Regex.Match(path, "^" + pattern.Replace("{id}", $"(?<id>{Uuid})").Replace("{name}", "(?<name>[^/]+)") + "$");
            return method == m && match.Success;
        }
        string Id() => match.Groups["id"].Value;
        string Name() => match.Groups["name"].Value;
        string[] Tags() => x.QueryValue("tags") is { } tag ? [tag] : [];
        static ListResult List<T>(string itemsProperty, IReadOnlyList<T> items, bool readsAllPages = true) where T : notnull => new(itemsProperty, items.Cast<object>().ToList(), readsAllPages);
        var zone = Regex.Match(path, "/zones/(?<zone>[a-z]{2}-[a-z]{3}-[0-9])/") is { Success: true } z ? z.Groups["zone"].Value : null;
        var none = Array.Empty<string>();

        // VPC
        const string vpc = "/vpc/v2/regions/fr-par";
        if (Is("POST", vpc + "/vpcs")) return await client.Vpc.CreateVpcAsync(new CreateVpcRequest("replay", client.Options.ProjectId, none));
        if (Is("GET", vpc + "/vpcs/{id}")) return await client.Vpc.GetVpcAsync(Id());
        if (Is("DELETE", vpc + "/vpcs/{id}")) return await client.Vpc.DeleteVpcAsync(Id());
        if (Is("POST", vpc + "/private-networks")) return await client.Vpc.CreatePrivateNetworkAsync(new CreatePrivateNetworkRequest("replay", client.Options.ProjectId, none, null, null));
        if (Is("GET", vpc + "/private-networks/{id}")) return await client.Vpc.GetPrivateNetworkAsync(Id());
        if (Is("GET", vpc + "/private-networks")) return List("private_networks", await client.Vpc.ListPrivateNetworksAsync(x.QueryValue("name"), Tags(), x.QueryValue("vpc_id")));
        if (Is("DELETE", vpc + "/private-networks/{id}")) return await client.Vpc.DeletePrivateNetworkAsync(Id());

        // Kapsule
        const string k8s = "/k8s/v1/regions/fr-par";
        if (Is("GET", k8s + "/versions")) return List("versions", await client.Kapsule.ListVersionsAsync());
        if (Is("GET", k8s + "/versions/{name}")) return await client.Kapsule.GetVersionAsync(Name());
        if (Is("POST", k8s + "/clusters"))
        {
            return await client.Kapsule.CreateClusterAsync(new CreateClusterRequest(client.Options.ProjectId, "replay", string.Empty, none, "1.35.3", "cilium",
                "00000000-0000-0000-0000-000000000000", [new CreatePoolRequest("default", "DEV1-M", 1, false, null, null, false, null, none)]));
        }
        if (Is("GET", k8s + "/clusters")) return List("clusters", await client.Kapsule.ListClustersAsync(x.QueryValue("name")));
        if (Is("GET", k8s + "/clusters/{id}")) return await client.Kapsule.GetClusterAsync(Id());
        if (Is("DELETE", k8s + "/clusters/{id}")) return await client.Kapsule.DeleteClusterAsync(Id(), x.QueryValue("with_additional_resources") == "true");
        if (Is("GET", k8s + "/clusters/{id}/kubeconfig")) return new KubeconfigResult(await client.Kapsule.GetKubeconfigAsync(Id(), x.QueryValue("redacted") == "true"));
        if (Is("GET", k8s + "/clusters/{id}/pools")) return List("pools", await client.Kapsule.ListPoolsAsync(Id(), x.QueryValue("name")));
        if (Is("POST", k8s + "/clusters/{id}/pools")) return await client.Kapsule.CreatePoolAsync(Id(), new CreatePoolRequest("replay", "PRO2-XXS", 1, true, 1, 1, true, "fr-par-1", none));
        if (Is("GET", k8s + "/clusters/{id}/nodes")) return List("nodes", await client.Kapsule.ListNodesAsync(Id(), x.QueryValue("pool_id")));
        if (Is("GET", k8s + "/pools/{id}")) return await client.Kapsule.GetPoolAsync(Id());
        if (Is("PATCH", k8s + "/pools/{id}")) return await client.Kapsule.UpdatePoolAsync(Id(), new UpdatePoolRequest(Size: 2));
        if (Is("DELETE", k8s + "/pools/{id}")) return await client.Kapsule.DeletePoolAsync(Id());
        if (Is("PUT", k8s + "/pools/{id}/set-labels"))
        {
            // Labels are not managed by this tool; the generic call still reads the typed pool.
            return await client.SendAsync<Pool>(HttpMethod.Put, path, new { labels = new Dictionary<string, string>() }, ScalewayCallKind.Idempotent, default);
        }

        // Managed PostgreSQL
        const string rdb = "/rdb/v1/regions/fr-par";
        if (Is("GET", rdb + "/database-engines")) return List("engines", await client.Rdb.ListDatabaseEnginesAsync());
        if (Is("POST", rdb + "/instances"))
        {
            return await client.Rdb.CreateInstanceAsync(new CreateDatabaseInstanceRequest(client.Options.ProjectId, "replay", "PostgreSQL-15", "coder", "Replay-Passw0rd!",
                "DB-DEV-S", false, false, none, "lssd", 5_000_000_000, null));
        }
        if (Is("GET", rdb + "/instances")) return List("instances", await client.Rdb.ListInstancesAsync(x.QueryValue("name"), Tags()));
        if (Is("GET", rdb + "/instances/{id}")) return await client.Rdb.GetInstanceAsync(Id());
        if (Is("PATCH", rdb + "/instances/{id}")) return await client.Rdb.UpdateInstanceAsync(Id(), new UpdateDatabaseInstanceRequest(Name: "replay"));
        if (Is("DELETE", rdb + "/instances/{id}")) return await client.Rdb.DeleteInstanceAsync(Id());
        if (Is("GET", rdb + "/instances/{id}/certificate")) return new CertificateResult(await client.Rdb.GetCertificateAsync(Id()));
        if (Is("POST", rdb + "/instances/{id}/endpoints")) return await client.Rdb.CreateEndpointAsync(Id(), new DatabaseEndpointSpec(null, new EndpointLoadBalancer()));
        if (Is("DELETE", rdb + "/endpoints/{id}")) return await client.Rdb.DeleteEndpointAsync(Id());
        if (Is("POST", rdb + "/instances/{id}/databases")) return await client.Rdb.CreateDatabaseAsync(Id(), "foo");
        if (Is("GET", rdb + "/instances/{id}/databases")) return List("databases", await client.Rdb.ListDatabasesAsync(Id(), x.QueryValue("name")));
        if (Is("DELETE", rdb + "/instances/{id}/databases/{name}")) return await client.Rdb.DeleteDatabaseAsync(Id(), Name());
        if (Is("POST", rdb + "/instances/{id}/users")) return await client.Rdb.CreateUserAsync(Id(), new CreateDatabaseUserRequest("foo", "Replay-Passw0rd!", true));
        if (Is("GET", rdb + "/instances/{id}/users")) return List("users", await client.Rdb.ListUsersAsync(Id(), x.QueryValue("name")));
        if (Is("DELETE", rdb + "/instances/{id}/users/{name}")) return await client.Rdb.DeleteUserAsync(Id(), Name());
        if (Is("POST", rdb + "/backups")) return await client.Rdb.CreateBackupAsync(new CreateDatabaseBackupRequest("00000000-0000-0000-0000-000000000000", "foo", "replay", null));
        if (Is("GET", rdb + "/backups")) return List("database_backups", await client.Rdb.ListBackupsAsync(x.QueryValue("instance_id")));
        if (Is("GET", rdb + "/backups/{id}")) return await client.Rdb.GetBackupAsync(Id());
        if (Is("POST", rdb + "/backups/{id}/export")) return await client.Rdb.ExportBackupAsync(Id());
        if (Is("DELETE", rdb + "/backups/{id}")) return await client.Rdb.DeleteBackupAsync(Id());
        if (Is("PUT", rdb + "/instances/{id}/privileges"))
        {
            return await client.SendAsync<JsonElement>(HttpMethod.Put, path, new { database_name = "foo", user_name = "foo", permission = "all" }, ScalewayCallKind.Idempotent, default);
        }

        // Load balancers (zoned)
        const string lb = "/lb/v1/zones/fr-par-1";
        if (Is("GET", lb + "/lbs")) return List("lbs", await client.Lb.ListLoadBalancersAsync(x.QueryValue("name"), Tags(), zone));
        if (Is("GET", lb + "/lbs/{id}")) return await client.Lb.GetLoadBalancerAsync(Id(), zone);
        if (Is("DELETE", lb + "/lbs/{id}")) return await client.Lb.DeleteLoadBalancerAsync(Id(), x.QueryValue("release_ip") == "true", zone);
        if (Is("GET", lb + "/ips/{id}")) return await client.Lb.GetIpAsync(Id(), zone);
        if (Is("DELETE", lb + "/ips/{id}")) return await client.Lb.DeleteIpAsync(Id(), zone);
        if (Is("GET", lb + "/ips"))
        {
            // Recorded without page 2 (20 of 23 items): read exactly one page.
            var page = await client.GetPageAsync<ListLoadBalancerIpsResponse>(path, new ScalewayQuery().Add("ip_type", "all"), 1, null, default);
            Assert.Equal(23, page.TotalCount);
            return List("ips", page.Items, readsAllPages: false);
        }
        // This tool never creates load balancers (the cloud controller does); the generic call reads the typed answers.
        if (Is("POST", lb + "/lbs")) return await client.SendAsync<LoadBalancer>(HttpMethod.Post, path, new { name = "replay" }, ScalewayCallKind.Create, default);
        if (Is("PUT", lb + "/lbs/{id}")) return await client.SendAsync<LoadBalancer>(HttpMethod.Put, path, new { name = "replay" }, ScalewayCallKind.Idempotent, default);
        if (Is("POST", lb + "/ips")) return await client.SendAsync<LoadBalancerIp>(HttpMethod.Post, path, new { project_id = client.Options.ProjectId }, ScalewayCallKind.Create, default);
        if (Is("GET", lb + "/lbs/{id}/private-networks")) return await client.SendAsync<JsonElement>(HttpMethod.Get, path, null, ScalewayCallKind.Idempotent, default);
        if (Is("POST", lb + "/lbs/{id}/attach-private-network")) return await client.SendAsync<JsonElement>(HttpMethod.Post, path, new { }, ScalewayCallKind.Create, default);
        if (Is("POST", lb + "/lbs/{id}/detach-private-network"))
        {
            await client.SendAsync(HttpMethod.Post, path, new { }, ScalewayCallKind.Create, default);
            return true;
        }

        // IPAM
        if (Is("GET", "/ipam/v1/regions/fr-par/ips")) return List("ips", await client.Ipam.ListIpsAsync(x.QueryValue("private_network_id"), x.QueryValue("resource_id"), x.QueryValue("resource_type")));
        if (Is("POST", "/ipam/v1/regions/fr-par/ips")) return await client.SendAsync<IpamIp>(HttpMethod.Post, path, new { source = new { } }, ScalewayCallKind.Create, default);

        // Pagination shapes of other products, read through the generic list helper.
        if (Is("GET", "/iam/v1alpha1/policies")) return List("policies", await client.ListAllAsync<GenericPage.Policies, JsonElement>(path, null, default));
        if (Is("GET", "/mongodb/v1/regions/fr-par/instances")) return List("instances", await client.ListAllAsync<GenericPage.Instances, JsonElement>(path, null, default));
        if (Is("GET", "/marketplace/v2/images")) return List("images", await client.ListAllAsync<GenericPage.Images, JsonElement>(path, null, default));

        // Error shapes of other products: any call reports them the same way.
        if (x.Status >= 400)
        {
            var kind = m == "POST" ? ScalewayCallKind.Create : ScalewayCallKind.Idempotent;
            return await client.SendAsync<JsonElement>(new HttpMethod(m), x.Url, m is "GET" or "DELETE" ? null : new { }, kind, default);
        }
        throw new InvalidOperationException($"no client method mapped for {x}");
    }
}
