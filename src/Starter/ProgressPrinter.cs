using CoderBootstrap.Workflows;
using Temporalio.Client;

namespace CoderBootstrap.Starter;

/// <summary>Follows a run: prints each step of the run (and of its phase workflows) as its state changes.</summary>
internal sealed class ProgressPrinter
{
    private readonly TextWriter _out;
    private readonly Dictionary<string, StepState> _seen = [];

    public ProgressPrinter(TextWriter output) => _out = output;

    public async Task FollowAsync(ITemporalClient client, string workflowId, string environment, Task completion, TimeSpan interval)
    {
        while (!completion.IsCompleted)
        {
            await PrintChangesAsync(client, workflowId, environment).ConfigureAwait(false);
            await Task.WhenAny(completion, Task.Delay(interval)).ConfigureAwait(false);
        }
        await PrintChangesAsync(client, workflowId, environment).ConfigureAwait(false);
    }

    private async Task PrintChangesAsync(ITemporalClient client, string workflowId, string environment)
    {
        var ids = workflowId.StartsWith("setup-", StringComparison.Ordinal)
            ? new[] { workflowId, WorkflowNames.Infra(environment), WorkflowNames.Coder(environment) }
            : [workflowId];
        // Changes of all the run's workflows, in the order they happened.
        var changes = new List<(DateTime At, string Line)>();
        foreach (var id in ids)
        {
            var status = await TryQueryAsync(client, id).ConfigureAwait(false);
            if (status is null)
            {
                continue;
            }
            foreach (var step in status.Steps)
            {
                var key = $"{status.Kind}/{step.Name}";
                if (step.State == StepState.Pending || (_seen.TryGetValue(key, out var previous) && previous == step.State))
                {
                    continue;
                }
                _seen[key] = step.State;
                changes.Add((step.CompletedAt ?? step.StartedAt ?? DateTime.MaxValue, FormatStep(status.Kind, step)));
            }
        }
        foreach (var (_, line) in changes.OrderBy(c => c.At))
        {
            await _out.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    internal static async Task<RunStatus?> TryQueryAsync(ITemporalClient client, string workflowId)
    {
        try
        {
            return await client.GetWorkflowHandle(workflowId)
                .QueryAsync<RunStatus>("Status", [], new() { Rpc = new() { Timeout = TimeSpan.FromSeconds(10) } }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Temporalio.Exceptions.RpcException or Temporalio.Exceptions.WorkflowQueryFailedException or Temporalio.Exceptions.WorkflowQueryRejectedException)
        {
            return null;
        }
    }

    internal static string FormatStep(string kind, StepStatus step)
    {
        var mark = step.State switch
        {
            StepState.Running => "..",
            StepState.Completed => "ok",
            StepState.Skipped => "--",
            StepState.Waiting => "??",
            StepState.Failed => "!!",
            _ => "  ",
        };
        var duration = step.Duration is { } d ? $" ({d.TotalSeconds:F1} s)" : string.Empty;
        var detail = string.IsNullOrEmpty(step.Detail) ? string.Empty : $": {step.Detail}";
        return $"  [{mark}] {kind}/{step.Name} {step.State.ToString().ToLowerInvariant()}{duration}{detail}";
    }
}
