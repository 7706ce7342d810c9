using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Notifications;
using CoderBootstrap.Activities.State;
using Temporalio.Activities;

namespace CoderBootstrap.Workflows.Tests.Fast;

/// <summary>Stand-ins of the scale and cost-check activities: a pool of <see cref="PoolSize"/> GP1-XS nodes, a cost state in memory.</summary>
public sealed partial class StandInActivities
{
    public const decimal NodePrice = 7.05m;

    public int PoolSize { get; set; } = 2;

    public decimal ActualMonthly { get; set; } = 53.70m;

    public decimal CostBudget { get; set; } = 60m;

    public IReadOnlyList<int> CostThresholds { get; set; } = [50, 80, 100];

    public Dictionary<string, IReadOnlyList<int>> NotifiedThresholds { get; } = [];

    public List<CostCheckRecord> CostChecks { get; } = [];

    public bool NotificationsFail { get; set; }

    private PoolSnapshot Pool() => new("cluster-1", "pool-1", "default", "GP1-XS", PoolSize, false, null, null, "ready", PoolSize);

    [Activity("AnalyzeScale")]
    public Task<ScaleAnalysis> AnalyzeScaleAsync(ScaleAnalysisRequest request) => Answer(request, () =>
    {
        var pool = Pool();
        var after = request.Target.Nodes ?? PoolSize;
        var afterEur = ActualMonthly + (after - PoolSize) * NodePrice;
        return new ScaleAnalysis(request.Environment, pool, request.Target, after, NodePrice, ActualMonthly, afterEur, afterEur - ActualMonthly, null, CostBudget,
            Math.Round(afterEur * 100 / CostBudget, 1), request.Target.IsEmpty || after == PoolSize, null, "cannot recommend a size");
    });

    [Activity("ResizePool")]
    public Task<PoolResized> ResizePoolAsync(PoolResizeRequest request) => Answer(request, () =>
    {
        var changed = request.Target.Nodes is { } n && n != PoolSize;
        if (changed)
        {
            ActualMonthly += (request.Target.Nodes!.Value - PoolSize) * NodePrice;
            PoolSize = request.Target.Nodes!.Value;
        }
        return new PoolResized(changed, Pool());
    });

    [Activity("WaitForPoolReady")]
    public Task<PoolSnapshot> WaitForPoolReadyAsync(PoolResizeRequest request) => Answer(request, Pool);

    [Activity("RecordPoolSize")]
    public Task<StateRecorded> RecordPoolSizeAsync(RecordPoolSizeRequest request) =>
        Answer(request, () => new StateRecorded($"terraform-state-coder-{request.Environment}", "infra/current.json", 7));

    [Activity("DescribeActualCost")]
    public Task<ActualCost> DescribeActualCostAsync(SpecSnapshot snapshot) => Answer(snapshot, () =>
        new ActualCost(snapshot.Environment, "EUR", [], ActualMonthly, 53.70m, CostBudget, CostThresholds, null, null, "stand-in", Pool(), DateTimeOffset.UtcNow));

    [Activity("ReadCostState")]
    public Task<CostState> ReadCostStateAsync(SpecSnapshot snapshot) => Answer(snapshot, () =>
        new CostState(snapshot.Environment, CostBudget, CostThresholds, new Dictionary<string, IReadOnlyList<int>>(NotifiedThresholds), CostChecks.ToList()));

    [Activity("SetBudget")]
    public Task<BudgetSetting> SetBudgetAsync(SetBudgetRequest request) => Answer(request, () =>
    {
        CostBudget = request.BudgetEur ?? CostBudget;
        CostThresholds = request.Thresholds ?? CostThresholds;
        return new BudgetSetting(request.Environment, CostBudget, CostThresholds, true);
    });

    [Activity("RecordCostCheck")]
    public Task<CostState> RecordCostCheckAsync(RecordCostCheckRequest request) => Answer(request, () =>
    {
        NotifiedThresholds[request.Month] = (NotifiedThresholds.TryGetValue(request.Month, out var sent) ? sent : []).Concat(request.Check.Notified).Distinct().Order().ToList();
        CostChecks.Add(request.Check);
        return new CostState(request.Environment, CostBudget, CostThresholds, new Dictionary<string, IReadOnlyList<int>>(NotifiedThresholds), CostChecks.ToList());
    });

    /// <summary>Every attempt fails (retryably): a receiver down for good.</summary>
    public bool NotificationsDownForGood { get; set; }

    /// <summary>What the configured channels want, as the real activity answers it (none: nothing configured).</summary>
    public IReadOnlyList<string> NotificationsWanted { get; set; } = ["all"];

    /// <summary>When set, deliveries go through the real activity (e.g. to an SMTP receiver).</summary>
    public NotificationActivities? RealNotifications { get; set; }

    [Activity("Deliver")]
    public async Task<NotificationOutcome> DeliverAsync(Notification notification)
    {
        if (RealNotifications is not null)
        {
            await Answer(notification, () => true);
            return await RealNotifications.DeliverAsync(notification);
        }
        return NotificationsFail
            ? await Answer<NotificationOutcome>(notification, () => throw new Temporalio.Exceptions.ApplicationFailureException("receiver down", nonRetryable: true))
            : NotificationsDownForGood
            ? await Answer<NotificationOutcome>(notification, () => throw new Temporalio.Exceptions.ApplicationFailureException("the receiver answered 503"))
            : await Answer(notification, () => new NotificationOutcome(NotificationsWanted.Count == 0 ? [] : ["webhook"], [], NotificationsWanted));
    }

    /// <summary>The events of the notifications sent, in order (each attempt counts).</summary>
    public IReadOnlyList<string> NotifiedEvents => InputsOf<Notification>("Deliver").Select(n => n.Event).ToList();
}
