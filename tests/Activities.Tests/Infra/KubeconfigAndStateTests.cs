using Amazon.S3.Model;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.State;
using Temporalio.Converters;

namespace CoderBootstrap.Activities.Tests.Infra;

public sealed class KubeconfigAndStateTests : IAsyncLifetime
{
    private InfraSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await InfraSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task PublishKubeconfigStoresTheApiKubeconfigPrivatelyAndReturnsOnlyItsLocation()
    {
        var (_, cluster) = await _sandbox.ReadyClusterAsync("dev");

        var published = await _sandbox.RunAsync(a => a.PublishKubeconfigAsync(new PublishKubeconfigInput(a.Snapshot("dev"), cluster.ClusterId)));

        var expected = await _sandbox.Services.Scaleway.Kapsule.GetKubeconfigAsync(cluster.ClusterId);
        Assert.Equal(("terraform-state-coder-dev", "kubeconfig/config-coder-dev.yaml"), (published.Bucket, published.ObjectKey));
        Assert.Equal(expected, await _sandbox.Services.Kubeconfigs.DownloadAsync("dev"));
        var acl = await _sandbox.Services.S3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = published.Bucket, Key = published.ObjectKey });
        Assert.DoesNotContain(acl.Grants ?? [], g => g.Grantee?.URI?.Contains("AllUsers", StringComparison.Ordinal) == true);
        var token = AdminToken(expected);
        var output = DataConverter.Default.PayloadConverter.ToPayload(published).Data.ToStringUtf8();
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);
        Assert.DoesNotContain("apiVersion", output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, _sandbox.Log.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishingAgainReplacesTheObjectWithoutTouchingTheCluster()
    {
        var (_, cluster) = await _sandbox.ReadyClusterAsync("dev");
        await _sandbox.RunAsync(a => a.PublishKubeconfigAsync(new PublishKubeconfigInput(a.Snapshot("dev"), cluster.ClusterId)));
        var scalewayMutations = _sandbox.Runtime.GetRequestLog("k8s.", mutationsOnly: true).Count;

        var again = await _sandbox.RunAsync(a => a.PublishKubeconfigAsync(new PublishKubeconfigInput(a.Snapshot("dev"), cluster.ClusterId)));

        Assert.Equal("kubeconfig/config-coder-dev.yaml", again.ObjectKey);
        Assert.Equal(scalewayMutations, _sandbox.Runtime.GetRequestLog("k8s.", mutationsOnly: true).Count);
    }

    [Fact]
    public async Task PublishingTheKubeconfigOfAMissingClusterFailsForGood()
    {
        var failure = await _sandbox.FailNonRetryableAsync(a => a.PublishKubeconfigAsync(new PublishKubeconfigInput(a.Snapshot("dev"), "11111111-1111-1111-1111-111111111111")));

        Assert.Equal(ErrorTypes.InfraMissing, failure.ErrorType);
    }

    [Fact]
    public async Task RecordInfraStateRecordsTheDigestOfTheSpecTheRunCarries()
    {
        var network = await _sandbox.NetworkAsync("dev");
        var snapshot = _sandbox.Activities.Snapshot("dev") with { Digest = "sha256:carried-by-the-run" };

        await _sandbox.RunAsync(a => a.RecordInfraStateAsync(new RecordInfraStateInput(snapshot, network, null, null, null)));

        Assert.Equal("sha256:carried-by-the-run", (await _sandbox.Services.State.ReadInfraAsync("dev"))!.Content.SpecDigest);
    }

    [Fact]
    public async Task RecordInfraStateWritesTheOutputsAsANewVersionEachTime()
    {
        var (network, cluster) = await _sandbox.ReadyClusterAsync("dev");
        var (_, database) = await _sandbox.ReadyDatabaseAsync("dev");
        var kubeconfig = await _sandbox.RunAsync(a => a.PublishKubeconfigAsync(new PublishKubeconfigInput(a.Snapshot("dev"), cluster.ClusterId)));
        var input = new RecordInfraStateInput(_sandbox.Activities.Snapshot("dev"), network, cluster, database, kubeconfig);

        var first = await _sandbox.RunAsync(a => a.RecordInfraStateAsync(input with { Database = null, Kubeconfig = null }));
        var second = await _sandbox.RunAsync(a => a.RecordInfraStateAsync(input));

        Assert.Equal((1L, 2L), (first.Version, second.Version));
        Assert.Equal("terraform-state-coder-dev", second.Bucket);
        Assert.StartsWith("infra/history/00000002-", second.ObjectKey, StringComparison.Ordinal);
        var current = await _sandbox.Services.State.ReadInfraAsync("dev");
        Assert.NotNull(current);
        Assert.Equal(2, current.Sequence);
        var state = current.Content;
        Assert.Equal((_sandbox.Host.ProjectId, "fr-par", "fr-par-1"), (state.ProjectId, state.Region, state.Zone));
        Assert.Equal(new NetworkState(network.PrivateNetworkId, network.VpcId, network.Cidr), state.Network);
        Assert.Equal((cluster.ClusterId, cluster.PoolId, cluster.ApiServerUrl, 2), (state.Cluster!.ClusterId, state.Cluster.PoolId, state.Cluster.ApiServerUrl, state.Cluster.NodeCount));
        Assert.Equal((database.InstanceId, database.Host, database.Port, "secrets/database-dev.json"),
            (state.Database!.InstanceId, state.Database.PrivateHost, state.Database.PrivatePort, state.Database.CredentialsObjectKey));
        Assert.Equal(new KubeconfigState(kubeconfig.Bucket, kubeconfig.ObjectKey, kubeconfig.PublishedAt), state.Kubeconfig);
        var firstVersion = await _sandbox.Services.State.ReadInfraVersionAsync("dev", 1);
        Assert.Null(firstVersion.Content.Database);
        Assert.Equal(2, (await _sandbox.Services.State.ListHistoryAsync("dev", StateKind.Infra)).Count);
    }

    /// <summary>The bearer token of the sandbox's admin kubeconfig.</summary>
    private static string AdminToken(string kubeconfig)
    {
        var line = kubeconfig.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("token:", StringComparison.Ordinal));
        var token = line["token:".Length..].Trim().Trim('"');
        Assert.True(token.Length >= 16, "the sandbox kubeconfig should carry a real token");
        return token;
    }
}
