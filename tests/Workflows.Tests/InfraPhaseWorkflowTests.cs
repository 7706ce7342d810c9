using CoderBootstrap.Sandbox.Runtime;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Workflows.Tests;

public sealed class InfraPhaseWorkflowTests : IClassFixture<CloudFixture>
{
    private readonly CloudFixture _cloud;

    public InfraPhaseWorkflowTests(CloudFixture cloud) => _cloud = cloud;

    private Task<InfraPhaseResult> RunInfraAsync(string environment) =>
        _cloud.Client.ExecuteWorkflowAsync((InfraPhaseWorkflow w) => w.RunAsync(new InfraPhaseInput(environment)),
            new(WorkflowNames.Infra(environment), WorkflowNames.TaskQueue)).WaitAsync(TimeSpan.FromMinutes(2));

    private int Mutations(string operation) =>
        _cloud.Sandbox.Runtime.GetRequestLog(operation, mutationsOnly: true).Count(e => e.Operation == operation && !e.Faulted);

    [Theory]
    [InlineData("dev", 2, "GP1-XS", "DB-DEV-S", false)]
    [InlineData("staging", 3, "GP1-S", "DB-GP-S", false)]
    [InlineData("prod", 5, "GP1-M", "DB-GP-M", true)]
    public async Task EnvironmentProvisionsItsTier(string environment, int nodes, string nodeType, string databaseType, bool highAvailability)
    {
        var result = await RunInfraAsync(environment);
        Assert.Equal(nodes, result.Cluster.NodeCount);
        // The API answers node types normalised (GP1-XS -> gp1_xs), as the real one does.
        Assert.Equal(Normalise(nodeType), Normalise(result.Cluster.NodeType));
        Assert.Equal(Normalise(databaseType), Normalise(result.Database.NodeType));
        Assert.Equal(highAvailability, result.Database.HighAvailability);
        var state = await _cloud.Services.State.ReadInfraAsync(environment);
        Assert.NotNull(state);
        Assert.Equal(result.Cluster.ClusterId, state!.Content.Cluster!.ClusterId);
        Assert.Equal(result.Database.InstanceId, state.Content.Database!.InstanceId);
    }

    private static string Normalise(string nodeType) => nodeType.ToLowerInvariant().Replace('-', '_');

    [Fact]
    public async Task SecondRunOfTheSameEnvironmentCreatesNothing()
    {
        await RunInfraAsync("dev");
        var before = _cloud.Sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count(e => e.Path?.Contains("/regions/", StringComparison.Ordinal) == true);
        var again = await RunInfraAsync("dev");
        var after = _cloud.Sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count(e => e.Path?.Contains("/regions/", StringComparison.Ordinal) == true);
        Assert.Equal(before, after);
        Assert.NotNull(again.Cluster.ClusterId);
    }
}
