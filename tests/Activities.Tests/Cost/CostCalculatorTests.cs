using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Tests.Cost;

public sealed class CostCalculatorTests
{
    private static readonly EnvironmentSpecLoader Loader = new(RepositoryPaths.EnvironmentsDirectory);
    private static readonly CostCalculator Calculator = new(PriceCatalog.Load(RepositoryPaths.PriceCatalogFile));

    [Theory]
    [InlineData("dev", "53.70")]
    [InlineData("staging", "97.85")]
    [InlineData("prod", "374.50")]
    public void MonthlyTotalMatchesTheSpecification(string environment, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Calculator.Estimate(Loader.Load(environment)).MonthlyTotal);
    }

    [Fact]
    public void ProdBreakdownMatchesTheSpecification()
    {
        var lines = Calculator.Estimate(Loader.Load("prod")).Lines;
        Assert.Equal(4, lines.Count);
        Assert.Equal(("GP1-M", 5m, 28.20m, 141.00m), (lines[0].Sku, lines[0].Quantity, lines[0].UnitPrice, lines[0].MonthlyCost));
        Assert.Equal(("DB-GP-M", 178.50m), (lines[1].Sku, lines[1].MonthlyCost));
        Assert.Equal(("LB-GP-L", 35.00m), (lines[2].Sku, lines[2].MonthlyCost));
        Assert.Equal(("block-storage", 500m, 0.04m, 20.00m), (lines[3].Sku, lines[3].Quantity, lines[3].UnitPrice, lines[3].MonthlyCost));
    }

    [Fact]
    public void DevBreakdownFollowsTheDocumentedDerivation()
    {
        var lines = Calculator.Estimate(Loader.Load("dev")).Lines;
        Assert.Equal([14.10m, 25.60m, 10.00m, 4.00m], lines.Select(l => l.MonthlyCost));
    }

    [Fact]
    public void StagingBreakdownFollowsTheDocumentedDerivation()
    {
        var lines = Calculator.Estimate(Loader.Load("staging")).Lines;
        Assert.Equal([42.30m, 37.55m, 10.00m, 8.00m], lines.Select(l => l.MonthlyCost));
    }

    [Fact]
    public void ProdUsesSeventyFourPointNinePercentOfItsBudget()
    {
        var estimate = Calculator.Estimate(Loader.Load("prod"));
        Assert.Equal(74.9m, estimate.BudgetUsedPercent);
        Assert.Equal(4494.00m, estimate.AnnualTotal);
        Assert.True(estimate.WithinBudget);
    }

    [Fact]
    public void HaDoublesTheDatabaseNodeCount()
    {
        var prod = Loader.Load("prod");
        var withoutHa = prod with { Database = prod.Database with { HighAvailability = false } };
        Assert.Equal(89.25m, Calculator.Estimate(withoutHa).Lines[1].MonthlyCost);
    }

    [Fact]
    public void UnknownNodeTypeNamesTheKnownOnes()
    {
        var dev = Loader.Load("dev");
        var unknown = dev with { Kubernetes = dev.Kubernetes with { NodePool = dev.Kubernetes.NodePool with { NodeType = "GP1-XL" } } };
        var error = Assert.Throws<CostCalculationException>(() => Calculator.Estimate(unknown));
        Assert.Equal("no KubernetesNode price for 'GP1-XL' in the price catalog; known: GP1-XS, GP1-S, GP1-M", error.Message);
    }

    [Fact]
    public void ApiNormalisedNodeTypeNamesFindTheirPrice()
    {
        var catalog = PriceCatalog.Load(RepositoryPaths.PriceCatalogFile);
        Assert.Equal(7.05m, catalog.Find(PriceKind.KubernetesNode, "gp1_xs").MonthlyPrice);
    }

    [Fact]
    public void EveryCatalogPriceNamesItsSourceAndCheckDate()
    {
        var catalog = PriceCatalog.Load(RepositoryPaths.PriceCatalogFile);
        Assert.All(catalog.Prices, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Source));
            Assert.True(p.CheckedOn.Year >= 2026);
        });
    }

    [Fact]
    public void CatalogWithUnknownFieldIsRejected()
    {
        var text = File.ReadAllText(RepositoryPaths.PriceCatalogFile).Replace("    monthly_price: 7.05\n", "    monthly_price: 7.05\n    hourly: 0.01\n");
        var error = Assert.Throws<CostCalculationException>(() => PriceCatalog.Parse(text, "prices.yaml"));
        Assert.StartsWith("prices.yaml: prices[0].hourly: unknown field", error.Message);
    }
}
