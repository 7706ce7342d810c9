using CoderBootstrap.Activities.Notifications;
using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>Sends a notification from workflow code; a delivery that fails for good is logged and never fails the run it reports.</summary>
internal static class NotifyStep
{
    public static async Task<bool> SendAsync(string environment, string eventName, string title, IReadOnlyDictionary<string, string> details, ActivityPolicies policies)
    {
        var notification = new Notification(eventName, environment, Workflow.Info.WorkflowId, Workflow.Info.RunId, title, details, Workflow.UtcNow);
        try
        {
            await Workflow.ExecuteActivityAsync((NotificationActivities a) => a.DeliverAsync(notification), policies.Notify);
            return true;
        }
        catch (ActivityFailureException e)
        {
            Workflow.Logger.LogWarning("Notification {Event} of {Environment} was not delivered: {Reason}", eventName, environment, e.InnerException?.Message ?? e.Message);
            return false;
        }
    }
}
