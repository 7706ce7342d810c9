using System.Text.Json;
using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Tests.Cost;

public sealed class CostReportTests
{
    private static readonly IReadOnlyList<CostEstimate> All = new CostCalculator(PriceCatalog.Load(RepositoryPaths.PriceCatalogFile))
        .EstimateAll(new EnvironmentSpecLoader(RepositoryPaths.EnvironmentsDirectory).LoadAll());

    [Fact]
    public void TableListsEachEnvironmentTotalAndTheSum()
    {
        var table = CostReport.Format(All, CostReportFormat.Table, detailed: false);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        Assert.Matches(@"^dev\s+53\.70\s+60\.00\s+89\.5%\s+644\.40$", lines.Single(l => l.StartsWith("dev", StringComparison.Ordinal)));
        Assert.Matches(@"^prod\s+374\.50\s+500\.00\s+74\.9%\s+4494\.00$", lines.Single(l => l.StartsWith("prod", StringComparison.Ordinal)));
        Assert.Matches(@"^all\s+526\.05\s", lines.Single(l => l.StartsWith("all", StringComparison.Ordinal)));
    }

    [Fact]
    public void DetailedTableShowsTheProdLines()
    {
        var prod = All.Where(e => e.Environment == "prod").ToList();
        var table = CostReport.Format(prod, CostReportFormat.Table, detailed: true);
        Assert.Matches(@"Kubernetes nodes \(GP1-M\)\s+5\s+node-month\s+28\.20\s+141\.00", table);
        Assert.Matches(@"Managed PostgreSQL \(DB-GP-M HA, 2 nodes\)\s+2\s+node-month\s+89\.25\s+178\.50", table);
        Assert.Matches(@"Load balancer \(LB-GP-L\)\s+1\s+lb-month\s+35\.00\s+35\.00", table);
        Assert.Matches(@"Block storage \(500 GB\)\s+500\s+gb-month\s+0\.04\s+20\.00", table);
        Assert.Matches(@"Total\s+374\.50", table);
        Assert.Contains("Budget 500.00 EUR (74.9% used); annual 4494.00 EUR", table);
    }

    [Fact]
    public void JsonCarriesExactFiguresAndLinesWhenDetailed()
    {
        using var document = JsonDocument.Parse(CostReport.Format(All, CostReportFormat.Json, detailed: true));
        var environments = document.RootElement.GetProperty("environments").EnumerateArray().ToList();
        Assert.Equal(["dev", "prod", "staging"], environments.Select(e => e.GetProperty("environment").GetString()));
        Assert.Equal(97.85m, environments[2].GetProperty("monthly_total").GetDecimal());
        var prodLines = environments[1].GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("monthly_cost").GetDecimal());
        Assert.Equal([141.00m, 178.50m, 35.00m, 20.00m], prodLines);
        Assert.Equal(526.05m, document.RootElement.GetProperty("monthly_total").GetDecimal());
        Assert.Equal("specification, Cost Calculation Workflow (\"5 nodes x EUR 28.20 = EUR 141\")",
            environments[1].GetProperty("lines")[0].GetProperty("source").GetString());
    }

    [Fact]
    public void JsonOmitsLinesWhenNotDetailed()
    {
        using var document = JsonDocument.Parse(CostReport.Format(All, CostReportFormat.Json, detailed: false));
        Assert.False(document.RootElement.GetProperty("environments")[0].TryGetProperty("lines", out _));
    }

    [Fact]
    public void CsvHasOneRowPerEnvironment()
    {
        var csv = CostReport.Format(All, CostReportFormat.Csv, detailed: false).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(["environment,monthly_eur,budget_eur,budget_used_percent,annual_eur", "dev,53.70,60.00,89.5,644.40", "prod,374.50,500.00,74.9,4494.00", "staging,97.85,120.00,81.5,1174.20"], csv);
    }

    [Fact]
    public void DetailedCsvHasOneRowPerLineAndATotal()
    {
        var staging = All.Where(e => e.Environment == "staging").ToList();
        var csv = CostReport.Format(staging, CostReportFormat.Csv, detailed: true).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("staging,Kubernetes nodes (GP1-S),GP1-S,3,node-month,14.10,42.30", csv[1]);
        Assert.Equal("staging,total,,,,,97.85", csv[^1]);
    }

    [Fact]
    public void FormatNamesAreParsedCaseInsensitively()
    {
        Assert.Equal(CostReportFormat.Csv, CostReport.ParseFormat("CSV"));
        Assert.Throws<ArgumentException>(() => CostReport.ParseFormat("xml"));
    }
}
