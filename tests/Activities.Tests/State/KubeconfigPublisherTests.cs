using System.Net;
using CoderBootstrap.Activities.State;

namespace CoderBootstrap.Activities.Tests.State;

[Collection(S3rverCollection.Name)]
public sealed class KubeconfigPublisherTests
{
    private const string Kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: coder-dev\n  cluster:\n    server: https://cl-1.api.k8s.fr-par.scw.cloud:6443\nusers:\n- name: admin\n  user:\n    token: test-token-value\n";

    private readonly S3rverFixture _s3rver;

    public KubeconfigPublisherTests(S3rverFixture s3rver) => _s3rver = s3rver;

    private static string UniqueEnvironment() => "k" + Guid.NewGuid().ToString("N")[..10];

    [S3rverFact]
    public async Task PresignedUrlDownloadsThePublishedKubeconfig()
    {
        using var s3 = _s3rver.CreateClient();
        var publisher = new KubeconfigPublisher(s3, new S3StateStore(s3), _s3rver.Options);
        var environment = UniqueEnvironment();
        var published = await publisher.PublishAsync(environment, Kubeconfig, TimeSpan.FromMinutes(15));

        Assert.Equal($"terraform-state-coder-{environment}", published.Bucket);
        Assert.Equal($"kubeconfig/config-coder-{environment}.yaml", published.ObjectKey);
        using var http = new HttpClient();
        Assert.Equal(Kubeconfig, await http.GetStringAsync(published.PresignedUrl));
    }

    [S3rverFact]
    public async Task ClusterKubeconfigIsFetchedAndPublishedInOneStep()
    {
        var content = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Kubeconfig));
        var handler = new Scaleway.ScriptedHttpHandler().Respond(HttpStatusCode.OK, $$"""{"name":"kubeconfig","content_type":"application/octet-stream","content":"{{content}}"}""");
        using var http = new HttpClient(handler);
        var api = new CoderBootstrap.Activities.Scaleway.ScalewayApiClient(http,
            new CoderBootstrap.Activities.Scaleway.ScalewayClientOptions { SecretKey = "k", ProjectId = "p", MaxRetryAttempts = 0 });
        using var s3 = _s3rver.CreateClient();
        var publisher = new KubeconfigPublisher(s3, new S3StateStore(s3), _s3rver.Options);
        var environment = UniqueEnvironment();

        var published = await publisher.PublishFromClusterAsync(api.Kapsule, environment, "cluster-1", TimeSpan.FromMinutes(10));

        Assert.EndsWith("/k8s/v1/regions/fr-par/clusters/cluster-1/kubeconfig", handler.Requests.Single().Uri.AbsolutePath);
        Assert.Equal(Kubeconfig, await publisher.DownloadAsync(environment));
        Assert.DoesNotContain("test-token-value", published.ToString());
    }

    [S3rverFact]
    public async Task PresignedUrlCarriesItsExpiry()
    {
        using var s3 = _s3rver.CreateClient();
        var publisher = new KubeconfigPublisher(s3, new S3StateStore(s3), _s3rver.Options);
        var before = DateTimeOffset.UtcNow;
        var published = await publisher.PublishAsync(UniqueEnvironment(), Kubeconfig, TimeSpan.FromMinutes(30));
        var expires = System.Web.HttpUtility.ParseQueryString(published.PresignedUrl.Query)["X-Amz-Expires"];
        // The SDK counts the lifetime from its own clock reading, a moment after ours.
        Assert.InRange(int.Parse(expires!, System.Globalization.CultureInfo.InvariantCulture), 1790, 1810);
        Assert.InRange(published.ExpiresAt, before.AddMinutes(30), DateTimeOffset.UtcNow.AddMinutes(30));
    }

    [S3rverFact]
    public async Task DownloadReturnsTheKubeconfigAndNothingBeforePublishing()
    {
        using var s3 = _s3rver.CreateClient();
        var publisher = new KubeconfigPublisher(s3, new S3StateStore(s3), _s3rver.Options);
        var environment = UniqueEnvironment();
        Assert.Null(await publisher.DownloadAsync(environment));
        await publisher.PublishAsync(environment, Kubeconfig, TimeSpan.FromMinutes(5));
        Assert.Equal(Kubeconfig, await publisher.DownloadAsync(environment));
    }

    [S3rverFact]
    public async Task PublishedResultHidesTheSignatureWhenPrinted()
    {
        using var s3 = _s3rver.CreateClient();
        var publisher = new KubeconfigPublisher(s3, new S3StateStore(s3), _s3rver.Options);
        var published = await publisher.PublishAsync(UniqueEnvironment(), Kubeconfig, TimeSpan.FromMinutes(5));
        Assert.DoesNotContain("X-Amz-Signature", published.ToString());
    }

    [Fact]
    public async Task LifetimeBeyondSevenDaysIsRejected()
    {
        var options = new ObjectStorageOptions(new Uri("http://127.0.0.1:9"), "fr-par", "S3RVER", "S3RVER");
        using var s3 = ObjectStorageClientFactory.Create(options);
        var publisher = new KubeconfigPublisher(s3, new S3StateStore(s3), options);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => publisher.PresignAsync("dev", TimeSpan.FromDays(8)));
    }
}
