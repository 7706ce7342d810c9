using CoderBootstrap.Workflows;
using Temporalio.Client;

namespace CoderBootstrap.Starter;

/// <summary>Which run of an environment <c>approve</c>/<c>reject</c> talk to: the setup, teardown or scale waiting at its gate.</summary>
internal static class ApprovalTarget
{
    /// <summary>The update <see cref="SetupWorkflow"/>, <see cref="TeardownWorkflow"/> and <see cref="ScaleWorkflow"/> answer (DecideAsync).</summary>
    public const string UpdateName = "Decide";

    /// <summary>The run waiting for approval; otherwise the setup's id (whose update then says it is not waiting).</summary>
    public static async Task<string> FindAsync(ITemporalClient client, string environment)
    {
        foreach (var id in new[] { WorkflowNames.Teardown(environment), WorkflowNames.Scale(environment), WorkflowNames.Setup(environment) })
        {
            try
            {
                if (await client.GetWorkflowHandle(id).QueryAsync<bool>("AwaitingApproval", []).ConfigureAwait(false))
                {
                    return id;
                }
            }
            catch (Exception e) when (e is Temporalio.Exceptions.RpcException or Temporalio.Exceptions.WorkflowQueryFailedException)
            {
            }
        }
        return WorkflowNames.Setup(environment);
    }
}
