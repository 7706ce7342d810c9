using CoderBootstrap.Activities.Notifications;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>Sends a notification from workflow code; a delivery that fails for good is logged (by the activity) and never fails the run it reports.</summary>
internal static class NotifyStep
{
    public static async Task<bool> SendAsync(string environment, string eventName, string title, IReadOnlyDictionary<string, string> details, ActivityPolicies policies) =>
        await TryDeliverAsync(environment, eventName, title, details, policies) is not null;

    /// <summary>The activity's outcome, or null when the delivery failed for good (after its retries).</summary>
    public static async Task<NotificationOutcome?> TryDeliverAsync(string environment, string eventName, string title, IReadOnlyDictionary<string, string> details, ActivityPolicies policies)
    {
        var notification = new Notification(eventName, environment, Workflow.Info.WorkflowId, Workflow.Info.RunId, title, details, new DateTimeOffset(Workflow.UtcNow, TimeSpan.Zero));
        try
        {
            return await Workflow.ExecuteActivityAsync((NotificationActivities a) => a.DeliverAsync(notification), policies.Notify);
        }
        catch (ActivityFailureException)
        {
            // Each failed attempt is logged by the activity (without the receiver's URL); the run goes on.
            return null;
        }
    }
}
