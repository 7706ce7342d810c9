namespace CoderBootstrap.Activities.Notifications;

/// <summary>
/// An event of a run to tell people about: what happened (<see cref="Event"/>, e.g.
/// <c>budget.threshold_crossed</c>), to which environment, in which run, a one-line title, the
/// details (no secrets: these travel through the workflow's history), and when.
/// </summary>
public sealed record Notification(string Event, string Environment, string WorkflowId, string RunId, string Title,
    IReadOnlyDictionary<string, string> Details, DateTimeOffset Time);

/// <summary>
/// Which channels got a notification and which were skipped (not configured, or not subscribed to
/// the event); <see cref="Wanted"/> is every event some configured channel wants (<c>all</c> when one
/// wants everything), so a run skips later notifications nobody wants without scheduling an
/// activity. Null from workers older than it: unknown, keep asking.
/// </summary>
public sealed record NotificationOutcome(IReadOnlyList<string> Delivered, IReadOnlyList<string> Skipped, IReadOnlyList<string>? Wanted = null)
{
    /// <summary>Whether a channel configured when this outcome was made wants <paramref name="eventName"/> (true when unknown).</summary>
    public bool Wants(string eventName) => Wanted is null || Wanted.Contains("all") || Wanted.Contains(eventName);
}
