using CoderBootstrap.Workflows;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter;

/// <summary><c>starter cancel</c> (graceful: the run cleans up and ends as cancelled) and <c>starter terminate</c> (at once, for a stuck run).</summary>
internal static class StopCommand
{
    /// <summary>How long <c>cancel</c> waits for the run to acknowledge before leaving it to finish on its own.</summary>
    private static readonly TimeSpan CancelWait = TimeSpan.FromMinutes(2);

    public static async Task<int> CancelAsync(StarterContext context, string environment, bool sandbox, string? kind, CancellationToken cancellationToken)
    {
        StarterCommands.LoadEnvironment(context, environment);
        await using var runtime = await StarterCommands.ConnectAsync(context, sandbox, 0.05, needWorker: true, $"cancel-{environment}", cancellationToken).ConfigureAwait(false);
        var id = await RunningAsync(runtime.Client, environment, kind).ConfigureAwait(false);
        var handle = runtime.Client.GetWorkflowHandle(id);
        await handle.CancelAsync().ConfigureAwait(false);
        await context.Out.WriteLineAsync($"cancellation of {id} requested; waiting for it to stop").ConfigureAwait(false);
        try
        {
            await handle.GetResultAsync<object?>().WaitAsync(CancelWait, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"{id} completed before it could be cancelled").ConfigureAwait(false);
        }
        catch (WorkflowFailedException e) when (e.InnerException is CanceledFailureException)
        {
            await context.Out.WriteLineAsync($"{id} cancelled; what it created stays and the next run of {environment} adopts it").ConfigureAwait(false);
        }
        catch (WorkflowFailedException e)
        {
            await context.Out.WriteLineAsync($"{id} stopped: {StarterCommands.FailureMessage(e)}").ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await context.Out.WriteLineAsync($"{id} has not stopped yet (it stops at its next step); `starter status --env={environment}` shows it").ConfigureAwait(false);
        }
        return 0;
    }

    public static async Task<int> TerminateAsync(StarterContext context, string environment, bool sandbox, string? kind, string reason, CancellationToken cancellationToken)
    {
        StarterCommands.LoadEnvironment(context, environment);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new StarterException("--reason must say why the run is terminated", 2);
        }
        await using var runtime = await StarterCommands.ConnectAsync(context, sandbox, 0.05, needWorker: false, $"terminate-{environment}", cancellationToken).ConfigureAwait(false);
        var id = await RunningAsync(runtime.Client, environment, kind).ConfigureAwait(false);
        await runtime.Client.GetWorkflowHandle(id).TerminateAsync(reason).ConfigureAwait(false);
        await context.Out.WriteLineAsync($"{id} terminated ({reason}); what it created stays and the next run of {environment} adopts it").ConfigureAwait(false);
        return 0;
    }

    /// <summary>The run to stop: of the given kind, or whichever of the environment is running; none running is exit 2.</summary>
    private static async Task<string> RunningAsync(ITemporalClient client, string environment, string? kind)
    {
        if (kind is null)
        {
            return await EnvironmentRuns.FindRunningAsync(client, environment).ConfigureAwait(false)
                ?? throw new StarterException($"no run of {environment} is running", 2);
        }
        var id = WorkflowNames.For(kind, environment);
        try
        {
            var description = await client.GetWorkflowHandle(id).DescribeAsync().ConfigureAwait(false);
            if (description.Status == Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running)
            {
                return id;
            }
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
        }
        throw new StarterException($"no {kind} of {environment} is running (workflow {id})", 2);
    }
}
