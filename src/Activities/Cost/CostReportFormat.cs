namespace CoderBootstrap.Activities.Cost;

/// <summary>Output formats of `starter cost --format=...`.</summary>
public enum CostReportFormat
{
    Table,
    Json,
    Csv,
}
