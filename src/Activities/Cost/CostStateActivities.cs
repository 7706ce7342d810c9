using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.State;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Cost;

/// <summary>The cost document of an environment (object storage, beside its state documents): budget, thresholds notified per month, checks.</summary>
public sealed class CostStateActivities(StateStorage storage, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<CostStateActivities>();

    /// <summary>The cost state (an empty one when none was written).</summary>
    [Activity]
    public async Task<CostState> ReadCostStateAsync(SpecSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return await ReadAsync(snapshot.Environment).ConfigureAwait(false);
    }

    /// <summary>Changes the budget and/or thresholds kept with the environment's state; the spec stays the default.</summary>
    [Activity]
    public async Task<BudgetSetting> SetBudgetAsync(SetBudgetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = await ReadAsync(request.Environment).ConfigureAwait(false);
        var updated = current with { BudgetEur = request.BudgetEur ?? current.BudgetEur, Thresholds = request.Thresholds ?? current.Thresholds };
        await WriteAsync(updated).ConfigureAwait(false);
        _log.Information("Budget of {Environment} set to {Budget} EUR, thresholds {Thresholds}", request.Environment, updated.BudgetEur, updated.Thresholds);
        var spec = request.Snapshot.Spec;
        return new BudgetSetting(spec.Name, updated.BudgetEur ?? spec.MonthlyBudgetEur, updated.Thresholds ?? spec.AlertThresholds, true);
    }

    /// <summary>Records a cost check and the thresholds it notified (so the same month does not notify them again).</summary>
    [Activity]
    public async Task<CostState> RecordCostCheckAsync(RecordCostCheckRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = await ReadAsync(request.Environment).ConfigureAwait(false);
        var notified = current.NotifiedThresholds.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var month = notified.TryGetValue(request.Month, out var sent) ? sent : [];
        notified[request.Month] = month.Union(request.Check.Notified).Order().ToList();
        // Idempotent on retry: the same run's check replaces itself.
        var checks = current.Checks.Where(c => c.RunId != request.Check.RunId).Append(request.Check).TakeLast(CostState.KeptChecks).ToList();
        var updated = current with { NotifiedThresholds = notified, Checks = checks };
        await WriteAsync(updated).ConfigureAwait(false);
        return updated;
    }

    private async Task<CostState> ReadAsync(string environment)
    {
        var ct = ActivityRun.CancellationToken;
        var document = await CallGuard.StorageAsync($"read the cost state of environment '{environment}'",
            () => storage.State.ReadCostAsync(environment, ct)).ConfigureAwait(false);
        return document?.Content ?? CostState.Empty(environment);
    }

    private Task WriteAsync(CostState state) =>
        CallGuard.StorageAsync($"write the cost state of environment '{state.Environment}'",
            () => storage.State.WriteCostAsync(state, ActivityRun.CancellationToken));
}
