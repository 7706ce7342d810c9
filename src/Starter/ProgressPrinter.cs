using CoderBootstrap.Workflows;
using Temporalio.Client;

namespace CoderBootstrap.Starter;

/// <summary>
/// Follows a run: prints each step of the run (and of its phase workflows) as its state changes.
/// Steps of earlier runs (a phase workflow's previous run, when this one skipped it) are not shown;
/// steps this run did before the Starter began to follow it (a resume) are marked "(earlier)".
/// </summary>
internal sealed class ProgressPrinter
{
    private readonly TextWriter _out;
    private readonly DateTime _followingSince;
    private readonly Dictionary<string, StepState> _seen = [];
    private DateTime? _runStartedAt;

    public ProgressPrinter(TextWriter output, DateTime followingSince)
    {
        _out = output;
        _followingSince = followingSince;
    }

    public async Task FollowAsync(ITemporalClient client, string workflowId, string environment, Task completion, TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!completion.IsCompleted)
        {
            await PrintChangesAsync(client, workflowId, environment).ConfigureAwait(false);
            await Task.WhenAny(completion, Task.Delay(interval, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        await PrintChangesAsync(client, workflowId, environment).ConfigureAwait(false);
    }

    private async Task PrintChangesAsync(ITemporalClient client, string workflowId, string environment)
    {
        _runStartedAt ??= await TryStartTimeAsync(client, workflowId).ConfigureAwait(false);
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
                var at = step.CompletedAt ?? step.StartedAt;
                if (step.State == StepState.Pending || (_seen.TryGetValue(key, out var previous) && previous == step.State)
                    || (at is { } happened && _runStartedAt is { } runStart && happened < runStart))
                {
                    continue;
                }
                _seen[key] = step.State;
                var earlier = at is { } when && when < _followingSince && step.State != StepState.Running && step.State != StepState.Waiting ? " (earlier)" : string.Empty;
                changes.Add((at ?? DateTime.MaxValue, FormatStep(status.Kind, step) + earlier));
            }
        }
        foreach (var (_, line) in changes.OrderBy(c => c.At))
        {
            await _out.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private static async Task<DateTime?> TryStartTimeAsync(ITemporalClient client, string workflowId)
    {
        try
        {
            return (await client.GetWorkflowHandle(workflowId).DescribeAsync().ConfigureAwait(false)).StartTime;
        }
        catch (Temporalio.Exceptions.RpcException)
        {
            return null;
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
