using Amazon.S3;
using CoderBootstrap.Activities.State;

namespace CoderBootstrap.Activities.Tests.State;

[Collection(S3rverCollection.Name)]
public sealed class S3StateStoreTests
{
    private readonly S3rverFixture _s3rver;

    public S3StateStoreTests(S3rverFixture s3rver) => _s3rver = s3rver;

    private static string UniqueEnvironment() => "t" + Guid.NewGuid().ToString("N")[..10];

    private static InfraState Infra(string environment, string clusterStatus) => new(
        environment,
        "fr-par",
        "fr-par-1",
        "11111111-1111-1111-1111-111111111111",
        new NetworkState("pn-1", "vpc-1", "172.16.0.0/22"),
        new ClusterState("cl-1", $"coder-{environment}", "1.35.3", "cilium", clusterStatus, "https://cl-1.api.k8s.fr-par.scw.cloud:6443", null, "pool-1", "GP1-XS", 2, null),
        new DatabaseState("db-1", $"coder-{environment}-db", "PostgreSQL-15", "DB-DEV-S", false, "provisioning", "172.16.0.3", 5432, "coder", "coder", "credentials/database.json", null),
        null);

    [S3rverFact]
    public async Task BucketIsNamedAfterTheEnvironmentAndCreatedWhenMissing()
    {
        using var s3 = _s3rver.CreateClient();
        var store = new S3StateStore(s3);
        var environment = UniqueEnvironment();
        await store.WriteInfraAsync(Infra(environment, "creating"));
        var buckets = await s3.ListBucketsAsync();
        Assert.Contains(buckets.Buckets ?? [], b => b.BucketName == $"terraform-state-coder-{environment}");
    }

    [S3rverFact]
    public async Task LatestReadReturnsTheLastWrite()
    {
        using var s3 = _s3rver.CreateClient();
        var store = new S3StateStore(s3);
        var environment = UniqueEnvironment();
        await store.WriteInfraAsync(Infra(environment, "creating"));
        await store.WriteInfraAsync(Infra(environment, "ready"));
        var latest = await store.ReadInfraAsync(environment);
        Assert.NotNull(latest);
        Assert.Equal(2, latest.Sequence);
        Assert.Equal("ready", latest.Content.Cluster!.Status);
        Assert.Equal(Infra(environment, "ready").Network, latest.Content.Network);
        Assert.Equal(StateKind.Infra, latest.Kind);
    }

    [S3rverFact]
    public async Task EveryWriteIsKeptAsAnImmutableHistoryVersion()
    {
        using var s3 = _s3rver.CreateClient();
        var store = new S3StateStore(s3);
        var environment = UniqueEnvironment();
        foreach (var status in new[] { "creating", "pool_required", "ready" })
        {
            await store.WriteInfraAsync(Infra(environment, status));
        }
        var history = await store.ListHistoryAsync(environment, StateKind.Infra);
        Assert.Equal([1L, 2L, 3L], history.Select(v => v.Sequence));
        Assert.All(history, v => Assert.StartsWith("infra/history/", v.Key));
        Assert.True(history.All(v => v.Size > 0));
        var first = await store.ReadInfraVersionAsync(environment, 1);
        Assert.Equal("creating", first.Content.Cluster!.Status);
        Assert.Equal(history[0].WrittenAt, first.WrittenAt, TimeSpan.FromMilliseconds(1));
    }

    [S3rverFact]
    public async Task InfraAndCoderHistoriesAreSeparate()
    {
        using var s3 = _s3rver.CreateClient();
        var store = new S3StateStore(s3);
        var environment = UniqueEnvironment();
        await store.WriteInfraAsync(Infra(environment, "ready"));
        await store.WriteCoderAsync(new CoderState(environment, "coder", "coder", "2.24.1", "2.24.1", "https://coder.example.com",
            new LoadBalancerState("lb-1", "51.15.0.1", "LB-S"), [new TemplateState("react-typescript", "v1", DateTimeOffset.UtcNow)]));
        Assert.Single(await store.ListHistoryAsync(environment, StateKind.Infra));
        Assert.Single(await store.ListHistoryAsync(environment, StateKind.Coder));
        var coder = await store.ReadCoderAsync(environment);
        Assert.Equal("react-typescript", coder!.Content.Templates.Single().Name);
        Assert.Equal("51.15.0.1", coder.Content.LoadBalancer!.IpAddress);
    }

    [S3rverFact]
    public async Task ReadingAnEnvironmentWithoutStateReturnsNothing()
    {
        using var s3 = _s3rver.CreateClient();
        var store = new S3StateStore(s3);
        var environment = UniqueEnvironment();
        Assert.Null(await store.ReadInfraAsync(environment));
        Assert.Empty(await store.ListHistoryAsync(environment, StateKind.Infra));
        await store.EnsureBucketAsync(environment);
        Assert.Null(await store.ReadCoderAsync(environment));
    }

    [S3rverFact]
    public async Task UnknownVersionNamesTheAvailableRange()
    {
        using var s3 = _s3rver.CreateClient();
        var store = new S3StateStore(s3);
        var environment = UniqueEnvironment();
        await store.WriteInfraAsync(Infra(environment, "ready"));
        var error = await Assert.ThrowsAsync<StateStoreException>(() => store.ReadInfraVersionAsync(environment, 7));
        Assert.Contains("versions: 1..1", error.Message);
    }

    [S3rverFact]
    public async Task StoredDocumentUsesSnakeCaseAndNamesItsEnvironment()
    {
        using var s3 = _s3rver.CreateClient();
        var store = new S3StateStore(s3);
        var environment = UniqueEnvironment();
        await store.WriteInfraAsync(Infra(environment, "ready"));
        using var response = await s3.GetObjectAsync(store.BucketName(environment), S3StateStore.CurrentKey(StateKind.Infra));
        using var reader = new StreamReader(response.ResponseStream);
        var json = await reader.ReadToEndAsync();
        Assert.Contains("\"private_network_id\": \"pn-1\"", json);
        Assert.Contains($"\"environment\": \"{environment}\"", json);
        Assert.Contains("\"kind\": \"infra\"", json);
    }

    [S3rverFact]
    public async Task SecretLookingContentIsRefusedAndNothingIsWritten()
    {
        using var s3 = _s3rver.CreateClient();
        var store = new S3StateStore(s3);
        var environment = UniqueEnvironment();
        var leaking = Infra(environment, "ready") with { Kubeconfig = new KubeconfigState("b", "apiVersion: v1\nkind: Config\nusers: []", DateTimeOffset.UtcNow) };
        var error = await Assert.ThrowsAsync<StateStoreException>(() => store.WriteInfraAsync(leaking));
        Assert.Contains("$.content.kubeconfig.object_key", error.Message);
        Assert.Empty(await store.ListHistoryAsync(environment, StateKind.Infra));
    }

    [S3rverFact]
    public async Task HistoryListingReadsEveryPage()
    {
        using var s3 = _s3rver.CreateClient();
        var store = new S3StateStore(s3) { ListPageSize = 2 };
        var environment = UniqueEnvironment();
        for (var i = 0; i < 5; i++)
        {
            await store.WriteInfraAsync(Infra(environment, "ready"));
        }
        var history = await store.ListHistoryAsync(environment, StateKind.Infra);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], history.Select(v => v.Sequence));
        Assert.Equal(5, (await store.ReadInfraAsync(environment))!.Sequence);
    }

    [Fact]
    public void EnvironmentNameThatMakesAnInvalidBucketIsRefused()
    {
        using var s3 = ObjectStorageClientFactory.Create(new ObjectStorageOptions(new Uri("http://127.0.0.1:9"), "fr-par", "S3RVER", "S3RVER"));
        var store = new S3StateStore(s3);
        Assert.Equal("terraform-state-coder-prod", store.BucketName("prod"));
        var error = Assert.Throws<StateStoreException>(() => store.BucketName("Prod_1"));
        Assert.Contains("'terraform-state-coder-Prod_1' is not a valid bucket name", error.Message);
    }
}
