using CoderBootstrap.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter;

/// <summary>The runs of an environment, of every kind in <see cref="WorkflowNames.Kinds"/>: one runs at a time.</summary>
internal static class EnvironmentRuns
{
    /// <summary>Each run the server knows for the environment (latest execution of each workflow id).</summary>
    public static async Task<IReadOnlyList<(string Id, WorkflowExecutionDescription Description)>> DescribeAllAsync(ITemporalClient client, string environment)
    {
        var runs = new List<(string, WorkflowExecutionDescription)>();
        foreach (var id in WorkflowNames.AllFor(environment))
        {
            try
            {
                runs.Add((id, await client.GetWorkflowHandle(id).DescribeAsync().ConfigureAwait(false)));
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
            }
        }
        return runs;
    }

    /// <summary>The workflow id of the run of the environment that is running now, if any (a setup before the phases it started).</summary>
    public static async Task<string?> FindRunningAsync(ITemporalClient client, string environment)
    {
        var runs = await DescribeAllAsync(client, environment).ConfigureAwait(false);
        return runs.Where(r => r.Description.Status == WorkflowExecutionStatus.Running).Select(r => r.Id).FirstOrDefault();
    }

    public static string KindOf(string workflowId) => WorkflowNames.Kinds.FirstOrDefault(k => workflowId.StartsWith($"{k}-", StringComparison.Ordinal)) ?? workflowId;

    /// <summary>Refuses (exit 3, naming the run that holds the environment) unless nothing or only <paramref name="ownId"/> runs.</summary>
    public static async Task RefuseIfAnotherRunsAsync(ITemporalClient client, string environment, string ownId)
    {
        if (await FindRunningAsync(client, environment).ConfigureAwait(false) is { } running && running != ownId)
        {
            throw AlreadyRunning(environment, running);
        }
    }

    /// <summary>Exit 3 naming the run that holds the environment.</summary>
    public static StarterException AlreadyRunning(string environment, string runningId)
    {
        var kind = KindOf(runningId);
        var article = kind is "infra" ? "an" : "a";
        return new StarterException($"{article} {kind} of {environment} is already running (workflow {runningId}); one run per environment at a time — follow it with `starter status --env={environment}`, or stop it with `starter cancel --env={environment}`", 3);
    }
}
