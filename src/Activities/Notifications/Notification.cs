namespace CoderBootstrap.Activities.Notifications;

/// <summary>
/// An event of a run to tell people about: what happened (<see cref="Event"/>, e.g.
/// <c>budget.threshold_crossed</c>), to which environment, in which run, a one-line title, the
/// details (no secrets: these travel through the workflow's history), and when.
/// </summary>
public sealed record Notification(string Event, string Environment, string WorkflowId, string RunId, string Title,
    IReadOnlyDictionary<string, string> Details, DateTimeOffset Time);

/// <summary>Which channels got a notification and which were skipped (not configured, or not subscribed to the event).</summary>
public sealed record NotificationOutcome(IReadOnlyList<string> Delivered, IReadOnlyList<string> Skipped);
