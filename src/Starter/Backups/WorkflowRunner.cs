using CoderBootstrap.Workflows;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter.Backups;

/// <summary>Starts one run of a workflow under its lock id and follows its steps to the end, as <c>run setup</c> does.</summary>
internal static class WorkflowRunner
{
    public static async Task<TResult?> RunAsync<TWorkflow, TResult>(
        StarterContext context,
        StarterRuntime runtime,
        string kind,
        string environment,
        string workflowId,
        System.Linq.Expressions.Expression<Func<TWorkflow, Task<TResult>>> run,
        bool quiet,
        CancellationToken cancellationToken)
    {
        WorkflowHandle<TWorkflow, TResult> handle;
        try
        {
            handle = await runtime.Client.StartWorkflowAsync(run, runtime.StartOptions(workflowId, environment, kind)).ConfigureAwait(false);
        }
        catch (WorkflowAlreadyStartedException)
        {
            throw new StarterException($"a {kind} of {environment} is already running (workflow {workflowId}); follow it with `temporal workflow show -w {workflowId}` or wait for it", 3);
        }

        var result = handle.GetResultAsync();
        if (!quiet)
        {
            await new ProgressPrinter(context.Out, DateTime.UtcNow).FollowAsync(runtime.Client, workflowId, environment, result, context.ProgressInterval, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            return await result.ConfigureAwait(false);
        }
        catch (WorkflowFailedException e)
        {
            await context.Error.WriteLineAsync($"starter: {kind} of {environment} failed: {StarterCommands.FailureMessage(e)}").ConfigureAwait(false);
            return default;
        }
    }

    /// <summary>The runs that change the environment (setup, its phases, a teardown, another restore) must not overlap a restore.</summary>
    public static async Task RefuseWhileBusyAsync(ITemporalClient client, string environment)
    {
        foreach (var id in new[] { WorkflowNames.Setup(environment), WorkflowNames.Infra(environment), WorkflowNames.Coder(environment), WorkflowNames.Teardown(environment), WorkflowNames.Backup(environment) })
        {
            try
            {
                var description = await client.GetWorkflowHandle(id).DescribeAsync().ConfigureAwait(false);
                if (description.Status == Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running)
                {
                    throw new StarterException($"{id} is running on {environment}: a restore waits until it ends", 3);
                }
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
            }
        }
    }
}
