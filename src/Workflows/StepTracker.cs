using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// Records the state and timing of each step of a workflow for its status query. Used only inside
/// workflow code: times come from <see cref="Workflow.UtcNow"/>, so it is deterministic.
/// </summary>
public sealed class StepTracker
{
    private readonly List<StepStatus> _steps = [];

    public StepTracker(params string[] plannedSteps)
    {
        foreach (var name in plannedSteps)
        {
            _steps.Add(new StepStatus(name, StepState.Pending, null, null, null));
        }
    }

    private string _phase = "starting";

    /// <summary>The run's phase, shown by its status query and in its <c>Phase</c> search attribute.</summary>
    public string Phase
    {
        get => _phase;
        set
        {
            _phase = value;
            RunSearchAttributes.UpsertPhase(value);
        }
    }

    public IReadOnlyList<StepStatus> Steps => _steps;

    /// <param name="runningDetail">Shown while the step runs (e.g. its timeout); the description of the result replaces it.</param>
    public async Task<T> RunAsync<T>(string name, Func<Task<T>> step, Func<T, string?>? describe = null, string? runningDetail = null)
    {
        Set(name, StepState.Running, Workflow.UtcNow, null, runningDetail);
        try
        {
            var result = await step();
            Set(name, StepState.Completed, null, Workflow.UtcNow, describe?.Invoke(result));
            return result;
        }
        catch (Exception e)
        {
            Set(name, StepState.Failed, null, Workflow.UtcNow, FailureMessage(e));
            throw;
        }
    }

    public async Task RunAsync(string name, Func<Task> step, string? detail = null) =>
        await RunAsync(name, async () =>
        {
            await step();
            return detail;
        }, d => d);

    public void Skip(string name, string reason) => Set(name, StepState.Skipped, Workflow.UtcNow, Workflow.UtcNow, reason);

    public void Waiting(string name, string detail) => Set(name, StepState.Waiting, Workflow.UtcNow, null, detail);

    public void Complete(string name, string detail) => Set(name, StepState.Completed, null, Workflow.UtcNow, detail);

    public void Fail(string name, string detail) => Set(name, StepState.Failed, null, Workflow.UtcNow, detail);

    /// <summary>
    /// What a person needs to read of an activity or child failure: the message of the first
    /// permanent failure in the chain (the one raised on purpose; its causes are details), or else
    /// the innermost failure's.
    /// </summary>
    public static string FailureMessage(Exception e)
    {
        var message = e.Message;
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is ApplicationFailureException { NonRetryable: true } permanent)
            {
                return permanent.Message;
            }
            if (inner is FailureException)
            {
                message = inner.Message;
            }
        }
        return message;
    }

    private void Set(string name, StepState state, DateTime? started, DateTime? completed, string? detail)
    {
        var index = _steps.FindIndex(s => s.Name == name);
        var previous = index >= 0 ? _steps[index] : new StepStatus(name, StepState.Pending, null, null, null);
        var updated = previous with
        {
            State = state,
            StartedAt = started ?? previous.StartedAt ?? completed,
            CompletedAt = completed,
            Detail = detail ?? previous.Detail,
        };
        if (index >= 0)
        {
            _steps[index] = updated;
        }
        else
        {
            _steps.Add(updated);
        }
    }
}
