using System.Diagnostics;
using System.Globalization;
using System.Net;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter.Hosting;

/// <summary>
/// A Starter killed mid-run leaves the activities its in-process worker had started "running" on
/// the server until their heartbeat or start-to-close timeout passes (a minute or more). When the
/// Starter that picks the run up finds that the worker holding an attempt was a process of this
/// machine that no longer exists, it fails that attempt at once, so the retry policy starts the
/// next one now — what the server would do itself once the timeout passed. The last heartbeat
/// details stay with the activity, so the next attempt resumes from them.
/// </summary>
public static class KilledWorkerActivities
{
    /// <summary>Fails the dead worker's attempts in the run and in its running child runs; answers their activity types.</summary>
    public static async Task<IReadOnlyList<string>> FailAttemptsAsync(ITemporalClient client, string workflowId)
    {
        var failed = new List<string>();
        var runs = new Queue<string>([workflowId]);
        while (runs.TryDequeue(out var id))
        {
            DescribeWorkflowExecutionResponse description;
            try
            {
                description = await client.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
                {
                    Namespace = client.Options.Namespace,
                    Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = id },
                }).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
                continue;
            }
            if (description.WorkflowExecutionInfo.Status != WorkflowExecutionStatus.Running)
            {
                continue;
            }
            foreach (var child in description.PendingChildren)
            {
                runs.Enqueue(child.WorkflowId);
            }
            foreach (var activity in description.PendingActivities)
            {
                if (activity.State != PendingActivityState.Started || !IsGoneProcessOfThisMachine(activity.LastWorkerIdentity))
                {
                    continue;
                }
                try
                {
                    await client.GetAsyncActivityHandle(id, description.WorkflowExecutionInfo.Execution.RunId, activity.ActivityId)
                        .FailAsync(new ApplicationFailureException($"the worker running this attempt ({activity.LastWorkerIdentity}) was killed", "WorkerGone")).ConfigureAwait(false);
                    failed.Add(activity.ActivityType.Name);
                }
                catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
                {
                    // Finished or timed out meanwhile: nothing to release.
                }
            }
        }
        return failed;
    }

    /// <summary>Fails the dead worker's attempts and says which, in one line, when there were any.</summary>
    public static async Task RetryNowAsync(ITemporalClient client, string workflowId, TextWriter output)
    {
        var failed = await FailAttemptsAsync(client, workflowId).ConfigureAwait(false);
        if (failed.Count > 0)
        {
            await output.WriteLineAsync($"retrying now, not after their timeouts, what the killed process was running: {string.Join(", ", failed)}").ConfigureAwait(false);
        }
    }

    /// <summary>Whether a worker identity in the SDK's default form <c>pid@host</c> names a process of this machine that has exited.</summary>
    public static bool IsGoneProcessOfThisMachine(string identity)
    {
        var at = identity.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || !int.TryParse(identity.AsSpan(0, at), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !string.Equals(identity[(at + 1)..], Dns.GetHostName(), StringComparison.OrdinalIgnoreCase) || pid == Environment.ProcessId)
        {
            return false;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
