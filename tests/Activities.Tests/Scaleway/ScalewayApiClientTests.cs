using System.Net;
using System.Text.Json;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Scaleway;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace CoderBootstrap.Activities.Tests.Scaleway;

public sealed class ScalewayApiClientTests
{
    private const string SecretKey = "4b3c0a7e-secret-never-printed";
    private const string ProjectId = "11111111-1111-1111-1111-111111111111";
    private const string NotFound = """{"message":"resource is not found","resource":"cluster","resource_id":"c1","type":"not_found"}""";

    private static ScalewayApiClient Client(ScriptedHttpHandler handler, int retries = 3, string baseUrl = "https://api.scaleway.com", ILogger? logger = null) =>
        new(new HttpClient(handler), new ScalewayClientOptions
        {
            BaseUrl = new Uri(baseUrl),
            SecretKey = SecretKey,
            ProjectId = ProjectId,
            MaxRetryAttempts = retries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(20),
            PageSize = 2,
        }, logger);

    private static string ClusterJson(string id, string name, params string[] tags) =>
        JsonSerializer.Serialize(new { id, name, status = "ready", tags });

    [Fact]
    public async Task SendsTheSecretKeyAsXAuthToken()
    {
        var handler = new ScriptedHttpHandler().Respond(HttpStatusCode.OK, ClusterJson("c1", "coder-dev"));
        await Client(handler).Kapsule.GetClusterAsync("c1");
        Assert.Equal(SecretKey, handler.Requests.Single().AuthToken);
        Assert.Equal("https://api.scaleway.com/k8s/v1/regions/fr-par/clusters/c1", handler.Requests.Single().Uri.ToString());
    }

    [Fact]
    public async Task BaseUrlWithAPathPrefixIsKept()
    {
        var handler = new ScriptedHttpHandler().Respond(HttpStatusCode.OK, ClusterJson("c1", "coder-dev"));
        await Client(handler, baseUrl: "http://127.0.0.1:5081/sandbox/").Kapsule.GetClusterAsync("c1");
        Assert.Equal("http://127.0.0.1:5081/sandbox/k8s/v1/regions/fr-par/clusters/c1", handler.Requests.Single().Uri.ToString());
    }

    [Fact]
    public async Task ListReadsPagesUntilTotalCountIsReached()
    {
        var handler = new ScriptedHttpHandler()
            .Respond(HttpStatusCode.OK, $$"""{"total_count":3,"clusters":[{{ClusterJson("a", "x")}},{{ClusterJson("b", "x")}}]}""")
            .Respond(HttpStatusCode.OK, $$"""{"total_count":3,"clusters":[{{ClusterJson("c", "x")}}]}""");
        var clusters = await Client(handler).Kapsule.ListClustersAsync("x");
        Assert.Equal(["a", "b", "c"], clusters.Select(c => c.Id));
        Assert.Contains("page=1&page_size=2", handler.Requests[0].Uri.Query);
        Assert.Contains("page=2&page_size=2", handler.Requests[1].Uri.Query);
        Assert.Contains("project_id=" + ProjectId, handler.Requests[0].Uri.Query);
    }

    [Fact]
    public async Task ListStopsAtAnEmptyPageEvenWhenTotalCountIsLarger()
    {
        var handler = new ScriptedHttpHandler()
            .Respond(HttpStatusCode.OK, $$"""{"total_count":9,"clusters":[{{ClusterJson("a", "x")}}]}""")
            .Respond(HttpStatusCode.OK, """{"total_count":9,"clusters":[]}""");
        var clusters = await Client(handler).Kapsule.ListClustersAsync();
        Assert.Single(clusters);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task FindMatchesExactNameAndEveryTag()
    {
        var tags = new[] { "managed-by=coder-bootstrap", "env=dev" };
        var handler = new ScriptedHttpHandler().Respond(HttpStatusCode.OK,
            $$"""{"total_count":2,"clusters":[{{ClusterJson("other", "coder-dev", "env=dev")}},{{ClusterJson("ours", "coder-dev", "managed-by=coder-bootstrap", "env=dev")}}]}""");
        var cluster = await Client(handler).Kapsule.FindClusterAsync("coder-dev", tags);
        Assert.Equal("ours", cluster?.Id);
    }

    [Fact]
    public async Task FindRefusesDuplicates()
    {
        var handler = new ScriptedHttpHandler().Respond(HttpStatusCode.OK,
            $$"""{"total_count":2,"private_networks":[{"id":"p1","name":"pn","tags":["env=dev"]},{"id":"p2","name":"pn","tags":["env=dev"]}]}""");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Client(handler).Vpc.FindPrivateNetworkAsync("pn", ["env=dev"]));
        Assert.Contains("p1, p2", error.Message);
    }

    [Fact]
    public async Task ListSendsEachTagAsItsOwnParameter()
    {
        var handler = new ScriptedHttpHandler().Respond(HttpStatusCode.OK, """{"total_count":0,"private_networks":[]}""");
        await Client(handler).Vpc.ListPrivateNetworksAsync("pn", ["managed-by=coder-bootstrap", "env=dev"]);
        Assert.Contains("tags=managed-by%3Dcoder-bootstrap&tags=env%3Ddev", handler.Requests.Single().Uri.Query);
    }

    [Fact]
    public async Task GetIsRetriedAfterAnEmpty429AndSucceeds()
    {
        var handler = new ScriptedHttpHandler()
            .Respond(HttpStatusCode.TooManyRequests)
            .Respond(HttpStatusCode.BadGateway, """{"message":"upstream"}""")
            .Respond(HttpStatusCode.OK, ClusterJson("c1", "coder-dev"));
        var cluster = await Client(handler).Kapsule.GetClusterAsync("c1");
        Assert.Equal("c1", cluster.Id);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task GetIsRetriedOnTransientState()
    {
        var handler = new ScriptedHttpHandler()
            .Respond(HttpStatusCode.Conflict, """{"type":"transient_state","message":"resource is in a transient state","resource":"cluster","resource_id":"c1","current_state":"updating"}""")
            .Respond(HttpStatusCode.OK, ClusterJson("c1", "coder-dev"));
        await Client(handler).Kapsule.GetClusterAsync("c1");
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task GetIsRetriedAfterAConnectionFailure()
    {
        var handler = new ScriptedHttpHandler()
            .Fail(new HttpRequestException("connection reset"))
            .Respond(HttpStatusCode.OK, ClusterJson("c1", "coder-dev"));
        await Client(handler).Kapsule.GetClusterAsync("c1");
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task RetriesStopAfterTheConfiguredAttempts()
    {
        var handler = new ScriptedHttpHandler()
            .Respond(HttpStatusCode.ServiceUnavailable, """{"message":"down"}""")
            .Respond(HttpStatusCode.ServiceUnavailable, """{"message":"down"}""")
            .Respond(HttpStatusCode.ServiceUnavailable, """{"message":"down"}""");
        var error = await Assert.ThrowsAsync<ScalewayApiException>(() => Client(handler, retries: 2).Kapsule.GetClusterAsync("c1"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.True(error.IsRetryable);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task CreateIsNotRetriedAfterA500()
    {
        var handler = new ScriptedHttpHandler().Respond(HttpStatusCode.InternalServerError, """{"message":"internal error","type":"internal"}""");
        var request = new CreatePrivateNetworkRequest("pn", ProjectId, ["env=dev"], ["172.16.0.0/22"], null);
        var error = await Assert.ThrowsAsync<ScalewayApiException>(() => Client(handler).Vpc.CreatePrivateNetworkAsync(request));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task CreateIsNotRetriedAfterAConnectionFailure()
    {
        var handler = new ScriptedHttpHandler().Fail(new HttpRequestException("connection reset"));
        var request = new CreatePrivateNetworkRequest("pn", ProjectId, ["env=dev"], null, null);
        await Assert.ThrowsAsync<HttpRequestException>(() => Client(handler).Vpc.CreatePrivateNetworkAsync(request));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task CreateIsRetriedAfter429And503()
    {
        var handler = new ScriptedHttpHandler()
            .Respond(HttpStatusCode.TooManyRequests)
            .Respond(HttpStatusCode.ServiceUnavailable, """{"message":"try later"}""")
            .Respond(HttpStatusCode.OK, """{"id":"p1","name":"pn","tags":[],"subnets":[{"subnet":"172.16.0.0/22"}]}""");
        var request = new CreatePrivateNetworkRequest("pn", ProjectId, ["env=dev"], ["172.16.0.0/22"], null);
        var network = await Client(handler).Vpc.CreatePrivateNetworkAsync(request);
        Assert.Equal("172.16.0.0/22", network.Subnets![0].Subnet);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task InvalidArgumentsFailAtOnceWithTheArgumentInTheMessage()
    {
        var handler = new ScriptedHttpHandler().Respond(HttpStatusCode.BadRequest,
            """{"details":[{"argument_name":"node_type","reason":"constraint","help_message":"unknown node type"}],"message":"invalid argument(s)","type":"invalid_arguments"}""");
        var error = await Assert.ThrowsAsync<ScalewayApiException>(() => Client(handler).Kapsule.GetClusterAsync("c1"));
        Assert.False(error.IsRetryable);
        Assert.Equal("invalid_arguments", error.ErrorType);
        Assert.Contains("argument_name=node_type reason=constraint help_message=unknown node type", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task QuotaExceededIsPermanentAndNamesTheQuota()
    {
        var handler = new ScriptedHttpHandler().Respond(HttpStatusCode.Forbidden,
            """{"details":[{"current":10,"quota":10,"resource":"k8s_clusters"}],"message":"quota(s) exceeded for this resource","type":"quotas_exceeded"}""");
        var request = new CreateClusterRequest(ProjectId, "coder-dev", string.Empty, [], "1.35.3", "cilium", "pn", null);
        var error = await Assert.ThrowsAsync<ScalewayApiException>(() => Client(handler).Kapsule.CreateClusterAsync(request));
        Assert.True(error.IsQuotaExceeded);
        Assert.False(error.IsRetryable);
        Assert.Contains("quota(s) exceeded", error.Message);
        Assert.Contains("resource=k8s_clusters", error.Message);
    }

    [Fact]
    public async Task RetryAfterHeaderIsKeptOnTheException()
    {
        var handler = new ScriptedHttpHandler().Respond(HttpStatusCode.TooManyRequests, null,
            r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));
        var error = await Assert.ThrowsAsync<ScalewayApiException>(() => Client(handler, retries: 0).Kapsule.GetClusterAsync("c1"));
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Null(error.ErrorType);
    }

    [Fact]
    public async Task DeleteOfAMissingResourceReportsItWasAlreadyGone()
    {
        var handler = new ScriptedHttpHandler()
            .Respond(HttpStatusCode.NotFound, NotFound)
            .Respond(HttpStatusCode.NotFound, """{"message":"lbs not Found"}""");
        var client = Client(handler);
        Assert.Null(await client.Kapsule.DeleteClusterAsync("c1", withAdditionalResources: true));
        Assert.False(await client.Lb.DeleteLoadBalancerAsync("lb1", releaseIp: false));
        Assert.Contains("with_additional_resources=true", handler.Requests[0].Uri.Query);
    }

    [Fact]
    public async Task KubeconfigIsDecodedToYaml()
    {
        const string yaml = "apiVersion: v1\nkind: Config\n";
        var content = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(yaml));
        var handler = new ScriptedHttpHandler().Respond(HttpStatusCode.OK, $$"""{"name":"kubeconfig","content_type":"application/octet-stream","content":"{{content}}"}""");
        Assert.Equal(yaml, await Client(handler).Kapsule.GetKubeconfigAsync("c1"));
    }

    [Fact]
    public async Task MinorVersionResolvesToItsNewestPatch()
    {
        var handler = new ScriptedHttpHandler().Respond(HttpStatusCode.OK,
            """{"versions":[{"name":"1.35.3"},{"name":"1.35.10"},{"name":"1.34.9"}]}""");
        Assert.Equal("1.35.10", (await Client(handler).Kapsule.ResolveVersionAsync("1.35")).Name);
    }

    [Fact]
    public async Task UnofferedVersionListsTheOfferedOnes()
    {
        var handler = new ScriptedHttpHandler().Respond(HttpStatusCode.OK, """{"versions":[{"name":"1.35.3"}]}""");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Client(handler).Kapsule.ResolveVersionAsync("1.20"));
        Assert.Contains("offered: 1.35.3", error.Message);
    }

    [Fact]
    public async Task CreateRequestBodiesUseSnakeCaseAndOmitAbsentFields()
    {
        var handler = new ScriptedHttpHandler().Respond(HttpStatusCode.OK, """{"id":"i1","name":"db","status":"provisioning","engine":"PostgreSQL-15","node_type":"db-dev-s"}""");
        var request = new CreateDatabaseInstanceRequest(ProjectId, "db", "PostgreSQL-15", "coder", "Sup3r-Secret!", "DB-DEV-S", false, false, ["env=dev"], "lssd", 5_000_000_000,
            [new DatabaseEndpointSpec(new EndpointSpecPrivateNetwork("pn1", null, new IpamConfig()), null)]);
        await Client(handler).Rdb.CreateInstanceAsync(request);
        using var body = JsonDocument.Parse(handler.Requests.Single().Body!);
        Assert.Equal("DB-DEV-S", body.RootElement.GetProperty("node_type").GetString());
        Assert.False(body.RootElement.GetProperty("is_ha_cluster").GetBoolean());
        Assert.Equal("pn1", body.RootElement.GetProperty("init_endpoints")[0].GetProperty("private_network").GetProperty("private_network_id").GetString());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("init_endpoints")[0].GetProperty("private_network").GetProperty("ipam_config").ValueKind);
        Assert.False(body.RootElement.GetProperty("init_endpoints")[0].TryGetProperty("load_balancer", out _));
        Assert.DoesNotContain("Sup3r-Secret!", request.ToString());
    }

    [Fact]
    public async Task ServerPricesAreReadUntilXTotalCount()
    {
        var handler = new ScriptedHttpHandler()
            .Respond(HttpStatusCode.OK, """{"servers":{"GP1-XS":{"monthly_price":61.32,"hourly_price":0.084,"ncpus":4,"ram":17179869184},"GP1-S":{"monthly_price":122.64,"hourly_price":0.168,"ncpus":8,"ram":34359738368}}}""",
                r => r.Headers.Add("X-Total-Count", "3"))
            .Respond(HttpStatusCode.OK, """{"servers":{"GP1-M":{"monthly_price":245.28,"hourly_price":0.336,"ncpus":16,"ram":68719476736}}}""",
                r => r.Headers.Add("X-Total-Count", "3"));
        var servers = await Client(handler).Instance.ListServerTypesAsync();
        Assert.Equal(3, servers.Count);
        Assert.Equal(0.084m, servers["GP1-XS"].HourlyPrice);
        Assert.Equal("/instance/v1/zones/fr-par-1/products/servers", handler.Requests[0].Uri.AbsolutePath);
    }

    [Fact]
    public async Task SecretKeyNeverAppearsInLogsOrErrors()
    {
        var sink = new CollectingSink();
        var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        var handler = new ScriptedHttpHandler()
            .Respond(HttpStatusCode.TooManyRequests)
            .Respond(HttpStatusCode.NotFound, NotFound);
        var error = await Assert.ThrowsAsync<ScalewayApiException>(() => Client(handler, logger: logger).Kapsule.GetClusterAsync("c1"));
        Assert.NotEmpty(sink.Messages);
        Assert.All(sink.Messages, m => Assert.DoesNotContain(SecretKey, m));
        Assert.DoesNotContain(SecretKey, error.ToString());
        Assert.DoesNotContain(SecretKey, Client(new ScriptedHttpHandler()).Options.ToString());
    }

    [Fact]
    public void OptionsComeFromTheCredentials()
    {
        var credentials = ScalewayCredentials.FromEnvironment(new Dictionary<string, string?>
        {
            ["SCW_ACCESS_KEY"] = "SCWXXXXXXXXXXXXXXXXX",
            ["SCW_SECRET_KEY"] = SecretKey,
            ["SCW_DEFAULT_PROJECT_ID"] = ProjectId,
            ["SCW_API_URL"] = "http://127.0.0.1:5081",
            ["SCW_DEFAULT_ZONE"] = "fr-par-2",
        });
        var options = ScalewayClientOptions.FromCredentials(credentials);
        Assert.Equal(new Uri("http://127.0.0.1:5081"), options.BaseUrl);
        Assert.Equal("fr-par-2", options.Zone);
        Assert.Equal(SecretKey, options.SecretKey);
    }

    private sealed class CollectingSink : ILogEventSink
    {
        public List<string> Messages { get; } = [];

        public void Emit(LogEvent logEvent)
        {
            lock (Messages)
            {
                Messages.Add(logEvent.RenderMessage() + " " + logEvent.Exception);
            }
        }
    }
}
