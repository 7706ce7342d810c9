using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Workflows;

namespace CoderBootstrap.Starter;

/// <summary>The human-readable end of a run.</summary>
internal static class SummaryPrinter
{
    public static async Task PrintSetupAsync(TextWriter output, SetupResult result, TimeSpan elapsed)
    {
        if (result.Outcome == "dry-run")
        {
            await PrintPlanAsync(output, result.Plan).ConfigureAwait(false);
            return;
        }
        await output.WriteLineAsync($"Setup of {result.Environment} completed in {elapsed.TotalSeconds:F1} s").ConfigureAwait(false);
        await output.WriteLineAsync($"  Coder URL:       {result.CoderUrl}").ConfigureAwait(false);
        var kubeconfig = result.Kubeconfig is { } k ? $"s3://{k.Bucket}/{k.ObjectKey}" : "unchanged (phase 1 was already done)";
        await output.WriteLineAsync($"  Kubeconfig:      {kubeconfig}; `starter kubeconfig --env={result.Environment}` writes ~/.kube/config-coder-{result.Environment}").ConfigureAwait(false);
        await output.WriteLineAsync($"  Monthly cost:    €{result.Plan.MonthlyCostEur:F2} (budget €{result.Plan.MonthlyBudgetEur:F2})").ConfigureAwait(false);
        if (result.Approval is { } approval)
        {
            await output.WriteLineAsync($"  Approved by:     {approval.By}").ConfigureAwait(false);
        }
        foreach (var (phase, duration) in result.PhaseDurations)
        {
            await output.WriteLineAsync($"  {phase,-16} {duration.TotalSeconds:F1} s").ConfigureAwait(false);
        }
        if (result.InfraAdopted)
        {
            await output.WriteLineAsync("  infrastructure:  already provisioned, only checked (no phase-1 changes)").ConfigureAwait(false);
        }
        if (result.Health is { } health)
        {
            await output.WriteLineAsync($"  Health checks:   {health.Checks.Count(c => c.Passed)}/{health.Checks.Count} passed").ConfigureAwait(false);
        }
    }

    public static async Task PrintPlanAsync(TextWriter output, InfraPlan plan)
    {
        await output.WriteLineAsync($"Plan for {plan.Environment} ({plan.Region}) — nothing was changed").ConfigureAwait(false);
        foreach (var resource in plan.Resources)
        {
            var action = resource.Action == PlannedAction.Create ? "create" : $"exists ({resource.ExistingId})";
            await output.WriteLineAsync($"  {resource.Kind,-18} {resource.Name,-32} {action}").ConfigureAwait(false);
        }
        foreach (var line in plan.CostLines)
        {
            await output.WriteLineAsync($"  {line.Item,-40} {line.Quantity,6} × €{line.UnitPriceEur,8:F2} = €{line.MonthlyEur,8:F2}").ConfigureAwait(false);
        }
        await output.WriteLineAsync($"  Monthly cost: €{plan.MonthlyCostEur:F2} (budget €{plan.MonthlyBudgetEur:F2}){(plan.ApprovalRequired ? "; approval required" : string.Empty)}").ConfigureAwait(false);
    }

    public static async Task PrintInfraAsync(TextWriter output, InfraPhaseResult result)
    {
        await output.WriteLineAsync($"Phase 1 of {result.Environment} completed in {(result.CompletedAt - result.StartedAt).TotalSeconds:F1} s").ConfigureAwait(false);
        await output.WriteLineAsync($"  Private network: {result.Network.PrivateNetworkId} ({result.Network.Cidr})").ConfigureAwait(false);
        await output.WriteLineAsync($"  Cluster:         {result.Cluster.ClusterId} ({result.Cluster.NodeCount} × {result.Cluster.NodeType}, Kubernetes {result.Cluster.Version})").ConfigureAwait(false);
        await output.WriteLineAsync($"  Database:        {result.Database.InstanceId} ({result.Database.NodeType}{(result.Database.HighAvailability ? ", HA" : string.Empty)}) at {result.Database.Host}:{result.Database.Port}").ConfigureAwait(false);
        await output.WriteLineAsync($"  Kubeconfig:      s3://{result.Kubeconfig.Bucket}/{result.Kubeconfig.ObjectKey}; `starter kubeconfig --env={result.Environment}` writes ~/.kube/config-coder-{result.Environment}").ConfigureAwait(false);
    }

    public static async Task PrintCoderAsync(TextWriter output, CoderPhaseResult result)
    {
        await output.WriteLineAsync($"Phase 2 of {result.Environment} completed in {(result.CompletedAt - result.StartedAt).TotalSeconds:F1} s").ConfigureAwait(false);
        await output.WriteLineAsync($"  Coder URL:  {result.Endpoint.Url}").ConfigureAwait(false);
        await output.WriteLineAsync($"  Admin:      {result.Admin.UserName} (password in Kubernetes secret {result.Admin.PasswordSecretName})").ConfigureAwait(false);
        await output.WriteLineAsync($"  Templates:  {string.Join(", ", result.Templates.Select(t => t.Name))}").ConfigureAwait(false);
    }
}
