using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Tests.Infra;

public sealed class NetworkTests : IAsyncLifetime
{
    private InfraSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await InfraSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task EnsurePrivateNetworkCreatesATaggedNetworkWithTheSpecSubnetInTheDefaultVpc()
    {
        var network = await _sandbox.NetworkAsync("dev");

        var created = await _sandbox.Services.Scaleway.Vpc.GetPrivateNetworkAsync(network.PrivateNetworkId);
        Assert.Equal("coder-dev-pn", created.Name);
        Assert.Equal(["managed-by=coder-bootstrap", "env=dev"], created.Tags);
        Assert.Equal("172.16.0.0/22", network.Cidr);
        Assert.Contains(created.Subnets!, s => s.Subnet == "172.16.0.0/22");
        Assert.NotNull(network.VpcId);
        Assert.True((await _sandbox.Services.Scaleway.Vpc.GetVpcAsync(network.VpcId!)).IsDefault);
        Assert.Equal(1, _sandbox.Mutations("vpc.private_networks.create"));
    }

    [Fact]
    public async Task EnsurePrivateNetworkTwiceAdoptsTheFirstAndCreatesNothing()
    {
        var first = await _sandbox.NetworkAsync("staging");
        var mutations = _sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count;

        var second = await _sandbox.NetworkAsync("staging");

        Assert.Equal(first, second);
        Assert.Equal(mutations, _sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count);
    }

    [Fact]
    public async Task EachEnvironmentGetsItsOwnNetwork()
    {
        var dev = await _sandbox.NetworkAsync("dev");
        var prod = await _sandbox.NetworkAsync("prod");

        Assert.NotEqual(dev.PrivateNetworkId, prod.PrivateNetworkId);
        Assert.Equal(2, _sandbox.Mutations("vpc.private_networks.create"));
    }

    [Fact]
    public async Task MissingCredentialsFailForGoodNamingTheVariable()
    {
        using var services = new ActivityServices(new CoderBootstrapOptions
        {
            RepositoryRoot = RepositoryPaths.Root,
            Environment = _ => null,
        });
        var activities = new PhaseOneActivities(services);

        var failure = await Assert.ThrowsAsync<Temporalio.Exceptions.ApplicationFailureException>(
            () => new Temporalio.Testing.ActivityEnvironment().RunAsync(() => activities.EnsurePrivateNetworkAsync("dev")));

        Assert.True(failure.NonRetryable);
        Assert.Equal(ErrorTypes.MissingCredentials, failure.ErrorType);
        Assert.Contains("SCW_SECRET_KEY", failure.Message, StringComparison.Ordinal);
    }
}
