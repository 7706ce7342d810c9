using CoderBootstrap.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter;

/// <summary>
/// <c>starter retry --env=&lt;env&gt; [--from=phase2|start]</c>: Resets the environment's last setup run that
/// failed (or was terminated, cancelled or timed out) through the Temporal API — what the UI's Reset
/// does — and follows the new run as <c>run setup</c> does. <c>phase2</c> resets to the workflow task
/// that started phase 2, right after phase 1 completed: the new run keeps phase 1's recorded result and
/// calls nothing of it again. <c>start</c> resets to the first workflow task.
/// </summary>
internal static class RetryCommand
{
    public const string FromPhase2 = "phase2";
    public const string FromStart = "start";

    private static readonly WorkflowExecutionStatus[] Retryable =
    [
        WorkflowExecutionStatus.Failed, WorkflowExecutionStatus.Terminated, WorkflowExecutionStatus.TimedOut, WorkflowExecutionStatus.Canceled,
    ];

    public static async Task<int> ExecuteAsync(StarterContext context, string environment, string from, bool sandbox, double timeScale, bool json, CancellationToken cancellationToken)
    {
        if (from is not (FromPhase2 or FromStart))
        {
            throw new StarterException($"--from must be {FromPhase2} or {FromStart}, got '{from}'", 2);
        }
        StarterCommands.LoadEnvironment(context, environment);
        var id = WorkflowNames.Setup(environment);
        var request = new RunRequest("setup", environment, sandbox, timeScale, json, false, false, null, null);
        var runtimeRequest = new RuntimeRequest(sandbox, timeScale, NeedWorker: true, $"{id}/starter");
        var runtime = await StarterRuntime.StartAsync(context, runtimeRequest, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!json)
            {
                await context.Out.WriteLineAsync(runtime.ServerDescription).ConfigureAwait(false);
            }
            var baseRun = await FindRetryableRunAsync(runtime.Client, environment, id).ConfigureAwait(false);
            var events = await HistoryAsync(runtime.Client, id, baseRun.RunId).ConfigureAwait(false);
            var eventId = from == FromStart ? FirstWorkflowTask(events, id, baseRun.RunId) : WorkflowTaskAfterPhase1(events, environment, id, baseRun.RunId);
            var reset = await runtime.Client.WorkflowService.ResetWorkflowExecutionAsync(new ResetWorkflowExecutionRequest
            {
                Namespace = runtime.Client.Options.Namespace,
                WorkflowExecution = new() { WorkflowId = id, RunId = baseRun.RunId },
                WorkflowTaskFinishEventId = eventId,
                Reason = $"starter retry --from={from}",
                RequestId = Guid.NewGuid().ToString(),
            }).ConfigureAwait(false);
            if (!json)
            {
                var point = from == FromStart ? "the start" : "phase 2 (phase 1 kept)";
                await context.Out.WriteLineAsync($"retrying the setup of {environment} from {point}: run {baseRun.RunId} ({baseRun.Status}) reset to event {eventId}; new run {reset.RunId}").ConfigureAwait(false);
            }
            await RunCommand.PrintUiPageAsync(context, runtime, request, id).ConfigureAwait(false);
            return await RunCommand.FollowToEndAsync(context, runtime, runtimeRequest, request, id, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The latest setup run of the environment, when it ended without completing (exit 2 otherwise, 3 while a run of the environment goes on).</summary>
    private static async Task<WorkflowExecutionDescription> FindRetryableRunAsync(ITemporalClient client, string environment, string id)
    {
        WorkflowExecutionDescription latest;
        try
        {
            latest = await client.GetWorkflowHandle(id).DescribeAsync().ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw new StarterException($"no setup of {environment} has run: start one with `starter run setup --env={environment}`", 2);
        }
        if (latest.Status == WorkflowExecutionStatus.Running)
        {
            throw new StarterException($"the setup of {environment} is still running (workflow {id}, run {latest.RunId}): nothing to retry — follow it with `starter status --env={environment}`, or stop it with `starter cancel --env={environment}` first", 3);
        }
        // A teardown, scale, ... of the environment holds it: a retried setup would run beside it.
        await EnvironmentRuns.RefuseIfAnotherRunsAsync(client, environment, id).ConfigureAwait(false);
        if (!Retryable.Contains(latest.Status))
        {
            throw new StarterException($"the last setup of {environment} (run {latest.RunId}) {latest.Status.ToString().ToLowerInvariant()}: there is no failed run to retry", 2);
        }
        return latest;
    }

    private static async Task<List<HistoryEvent>> HistoryAsync(ITemporalClient client, string id, string runId)
    {
        var events = new List<HistoryEvent>();
        await foreach (var e in client.GetWorkflowHandle(id, runId).FetchHistoryEventsAsync().ConfigureAwait(false))
        {
            events.Add(e);
        }
        return events;
    }

    private static long FirstWorkflowTask(List<HistoryEvent> events, string id, string runId) =>
        events.FirstOrDefault(e => e.EventType == EventType.WorkflowTaskCompleted)?.EventId
            ?? throw new StarterException($"run {runId} of {id} never completed a workflow task: start a new setup with `starter run setup`", 2);

    /// <summary>
    /// The workflow task that started phase 2 (the CoderPhase child): it came right after phase 1 completed
    /// (or was verified as already provisioned). Resetting to it re-runs phase 2 and what follows, never phase 1.
    /// </summary>
    private static long WorkflowTaskAfterPhase1(List<HistoryEvent> events, string environment, string id, string runId)
    {
        var coderStarted = events.FirstOrDefault(e => e.EventType == EventType.StartChildWorkflowExecutionInitiated
            && e.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowId == WorkflowNames.Coder(environment));
        if (coderStarted is null)
        {
            throw new StarterException($"run {runId} of {id} ended before phase 2 started: retry it with --from={FromStart}", 2);
        }
        return events.Last(e => e.EventType == EventType.WorkflowTaskCompleted && e.EventId < coderStarted.EventId).EventId;
    }
}
