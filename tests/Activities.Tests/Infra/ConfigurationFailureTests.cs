using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Tests.Infra;

public sealed class ConfigurationFailureTests : IDisposable
{
    private readonly TemporaryRepository _repository = new();

    public void Dispose() => _repository.Dispose();

    [Fact]
    public async Task AnUnknownFieldInTheSpecFailsForGoodNamingTheFileAndField()
    {
        _repository.Edit("dev", "approval_required: false", "approval_required: false\nnode_count: 4");
        await using var sandbox = await InfraSandbox.StartAsync(repositoryRoot: _repository.Root);

        var failure = await sandbox.FailNonRetryableAsync(a => a.EnsurePrivateNetworkAsync("dev"));

        Assert.Equal(ErrorTypes.InvalidSpec, failure.ErrorType);
        Assert.Contains("dev.yaml", failure.Message, StringComparison.Ordinal);
        Assert.Contains("node_count", failure.Message, StringComparison.Ordinal);
        Assert.Empty(sandbox.Runtime.GetRequestLog(mutationsOnly: true));
    }

    [Fact]
    public async Task AKubernetesVersionThatIsNotOfferedFailsForGoodListingTheOfferedOnes()
    {
        _repository.Edit("dev", "version: \"1.35\"", "version: \"1.99\"");
        await using var sandbox = await InfraSandbox.StartAsync(repositoryRoot: _repository.Root);
        var network = await sandbox.NetworkAsync("dev");

        var failure = await sandbox.FailNonRetryableAsync(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), network.PrivateNetworkId)));

        Assert.Equal(ErrorTypes.InvalidSpec, failure.ErrorType);
        Assert.Contains("'1.99' is not offered", failure.Message, StringComparison.Ordinal);
        Assert.Contains("1.35", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, sandbox.Mutations("k8s.clusters.create"));
    }

    [Fact]
    public async Task CredentialsForAnotherRegionThanTheSpecFailForGood()
    {
        await using var sandbox = await InfraSandbox.StartAsync(variableOverrides: new Dictionary<string, string?>
        {
            ["SCW_DEFAULT_REGION"] = "nl-ams",
            ["SCW_DEFAULT_ZONE"] = "nl-ams-1",
        });

        var failure = await sandbox.FailNonRetryableAsync(a => a.PlanAsync("dev"));

        Assert.Equal(ErrorTypes.InvalidConfiguration, failure.ErrorType);
        Assert.Contains("SCW_DEFAULT_REGION=fr-par", failure.Message, StringComparison.Ordinal);
        Assert.Empty(sandbox.Runtime.GetRequestLog());
    }

    [Fact]
    public async Task ARefusedSecretKeyFailsForGood()
    {
        await using var sandbox = await InfraSandbox.StartAsync(variableOverrides: new Dictionary<string, string?>
        {
            ["SCW_SECRET_KEY"] = Guid.NewGuid().ToString(),
        });

        var failure = await sandbox.FailNonRetryableAsync(a => a.EnsurePrivateNetworkAsync("dev"));

        Assert.Equal(ErrorTypes.AuthenticationFailed, failure.ErrorType);
        Assert.Empty(sandbox.Runtime.GetRequestLog(mutationsOnly: true));
    }
}
