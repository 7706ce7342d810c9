using System.Globalization;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using CoderBootstrap.Activities.Runtime;

namespace CoderBootstrap.Activities.Tests.Infra;

public sealed class PlanTests : IAsyncLifetime
{
    private InfraSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await InfraSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task PlanOfAnEmptyProjectCreatesEveryResourceAndMakesNoCall()
    {
        var plan = await _sandbox.RunAsync(a => a.PlanAsync("dev"));

        Assert.Equal(
            [(ResourceKinds.PrivateNetwork, "coder-dev-pn"), (ResourceKinds.Cluster, "coder-dev"), (ResourceKinds.NodePool, "default"), (ResourceKinds.DatabaseInstance, "coder-dev-db")],
            plan.Resources.Select(r => (r.Kind, r.Name)));
        Assert.All(plan.Resources, r => Assert.Equal((PlannedAction.Create, null), (r.Action, r.ExistingId)));
        Assert.NotEmpty(_sandbox.Runtime.GetRequestLog());
        Assert.Empty(_sandbox.Runtime.GetRequestLog(mutationsOnly: true));
    }

    [Theory]
    [InlineData("dev", "53.70", "60", false)]
    [InlineData("staging", "97.85", "120", false)]
    [InlineData("prod", "374.50", "500", true)]
    public async Task PlanReportsTheExactMonthlyCostBudgetAndApproval(string environment, string cost, string budget, bool approval)
    {
        var plan = await _sandbox.RunAsync(a => a.PlanAsync(environment));

        Assert.Equal(decimal.Parse(cost, CultureInfo.InvariantCulture), plan.MonthlyCostEur);
        Assert.Equal(plan.MonthlyCostEur, plan.CostLines.Sum(l => l.MonthlyEur));
        Assert.Equal(decimal.Parse(budget, CultureInfo.InvariantCulture), plan.MonthlyBudgetEur);
        Assert.Equal(approval, plan.ApprovalRequired);
        Assert.Equal("fr-par", plan.Region);
    }

    [Fact]
    public async Task ProdPlanBreaksTheCostDownAsTheSpecification()
    {
        var plan = await _sandbox.RunAsync(a => a.PlanAsync("prod"));

        Assert.Equal([141.00m, 178.50m, 35.00m, 20.00m], plan.CostLines.Select(l => l.MonthlyEur));
        Assert.Equal((5m, 28.20m), (plan.CostLines[0].Quantity, plan.CostLines[0].UnitPriceEur));
        Assert.Equal((500m, 0.04m), (plan.CostLines[3].Quantity, plan.CostLines[3].UnitPriceEur));
    }

    [Fact]
    public async Task PlanAfterProvisioningAdoptsEveryResourceWithItsIdAndStillMakesNoMutation()
    {
        var (network, cluster) = await _sandbox.ReadyClusterAsync("dev");
        var database = await _sandbox.RunAsync(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot("dev"), network.PrivateNetworkId)));
        var mutationsBefore = _sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count;

        var plan = await _sandbox.RunAsync(a => a.PlanAsync("dev"));

        Assert.All(plan.Resources, r => Assert.Equal(PlannedAction.Adopt, r.Action));
        Assert.Equal([network.PrivateNetworkId, cluster.ClusterId, cluster.PoolId, database.InstanceId], plan.Resources.Select(r => r.ExistingId));
        Assert.Equal(mutationsBefore, _sandbox.Runtime.GetRequestLog(mutationsOnly: true).Count);
    }

    [Fact]
    public async Task PlanOfAnUnknownEnvironmentFailsForGoodNamingTheKnownOnes()
    {
        var failure = await _sandbox.FailNonRetryableAsync(a => a.PlanAsync("qa"));

        Assert.Equal(ErrorTypes.UnknownEnvironment, failure.ErrorType);
        Assert.Contains("dev, prod, staging", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_sandbox.Runtime.GetRequestLog());
    }
}
