using Temporalio.Activities;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace CoderBootstrap.DevServer.Tests.Workflows;

/// <summary>Fails its run until the workflow attempt reaches <c>succeedOnAttempt</c>; answers the attempt it succeeded on.</summary>
[Workflow]
public sealed class WorkflowAttemptWorkflow
{
    [WorkflowRun]
    public Task<int> RunAsync(int succeedOnAttempt, string errorType)
    {
        if (Workflow.Info.Attempt < succeedOnAttempt)
        {
            throw new ApplicationFailureException($"attempt {Workflow.Info.Attempt} failed", errorType);
        }
        return Task.FromResult(Workflow.Info.Attempt);
    }
}

/// <summary>A cron run: counts runs through the last completion result and reports the last failure it was given.</summary>
[Workflow]
public sealed class CronCountingWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(int failingRun)
    {
        var previous = Workflow.Info.LastResult is { Count: > 0 } last ? (string)Workflow.PayloadConverter.ToValue(last.First().Payload, typeof(string))! : "0|";
        var run = int.Parse(previous.Split('|')[0], System.Globalization.CultureInfo.InvariantCulture) + 1;
        if (Workflow.Info.LastFailure is null && run == failingRun)
        {
            throw new ApplicationFailureException($"run {run} failed", "CronRunFailed", nonRetryable: true);
        }
        return Task.FromResult($"{run}|{Workflow.Info.LastFailure?.Message}");
    }
}

/// <summary>Starts a child and answers the root execution the child was told about.</summary>
[Workflow]
public sealed class RootInfoParentWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync() =>
        Workflow.ExecuteChildWorkflowAsync((RootInfoChildWorkflow w) => w.RunAsync(), new() { Id = $"{Workflow.Info.WorkflowId}-child" });
}

[Workflow]
public sealed class RootInfoChildWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync() =>
        Task.FromResult($"{Workflow.Info.Root?.WorkflowId}/{Workflow.Info.Root?.RunId}");
}

/// <summary>Sets two memo fields, then unsets one, and waits to be told to finish.</summary>
[Workflow]
public sealed class MemoWorkflow
{
    private bool _done;

    [WorkflowRun]
    public async Task RunAsync()
    {
        Workflow.UpsertMemo(MemoUpdate.ValueSet("kept", "yes"), MemoUpdate.ValueSet("dropped", "soon"));
        Workflow.UpsertMemo(MemoUpdate.ValueUnset("dropped"));
        await Workflow.WaitConditionAsync(() => _done);
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        _done = true;
        return Task.CompletedTask;
    }
}

/// <summary>Upserts a search attribute the namespace does not define.</summary>
[Workflow]
public sealed class UnregisteredSearchAttributeWorkflow
{
    [WorkflowRun]
    public async Task RunAsync()
    {
        Workflow.UpsertTypedSearchAttributes(SearchAttributeKey.CreateKeyword("NeverRegistered").ValueSet("x"));
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(1));
    }
}

/// <summary>Reports what the SDK sees of its own run: history size and priority.</summary>
[Workflow]
public sealed class RunInfoWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync() =>
        Task.FromResult($"{Workflow.CurrentHistorySize}|{Workflow.Info.Priority.PriorityKey}");
}

/// <summary>An update whose handler waits for a signal the workflow may never get before completing.</summary>
[Workflow]
public sealed class SlowUpdateWorkflow
{
    private bool _finish;
    private bool _release;

    [WorkflowRun]
    public async Task RunAsync() => await Workflow.WaitConditionAsync(() => _finish);

    [WorkflowUpdate]
    public async Task<string> WaitAsync()
    {
        await Workflow.WaitConditionAsync(() => _release);
        return "released";
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        _finish = true;
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task ReleaseAsync()
    {
        _release = true;
        return Task.CompletedTask;
    }
}

/// <summary>Runs an activity that fails on its first call (retried after an hour), for pausing and resetting it.</summary>
[Workflow]
public sealed class OperatorActivityWorkflow
{
    [WorkflowRun]
    public Task<int> RunAsync() =>
        Workflow.ExecuteActivityAsync((OperatorActivities a) => a.FailFirstCall(), new()
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(30),
            RetryPolicy = new() { InitialInterval = TimeSpan.FromHours(1), MaximumAttempts = 10 },
        });
}

/// <summary>Activities whose calls a test counts: one fails on its first call, one only counts.</summary>
public sealed class OperatorActivities
{
    private int _calls;
    private int _counted;

    public int Calls => _calls;

    public int Counted => _counted;

    /// <summary>Answers how many times it ran.</summary>
    [Activity]
    public int Count() => Interlocked.Increment(ref _counted);

    /// <summary>The first call fails; the others answer their attempt number.</summary>
    [Activity]
    public int FailFirstCall()
    {
        if (Interlocked.Increment(ref _calls) == 1)
        {
            throw new ApplicationFailureException("first call fails", "Transient");
        }
        return ActivityExecutionContext.Current.Info.Attempt;
    }
}

/// <summary>Runs one activity, then waits for signals until told to finish; answers the activity result and the signals.</summary>
[Workflow]
public sealed class ResettableWorkflow
{
    private readonly List<string> _signals = [];
    private bool _done;

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        var count = await Workflow.ExecuteActivityAsync((OperatorActivities a) => a.Count(), new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) });
        await Workflow.WaitConditionAsync(() => _done);
        return $"{count}:{string.Join(",", _signals)}";
    }

    [WorkflowSignal]
    public Task AddAsync(string value)
    {
        _signals.Add(value);
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        _done = true;
        return Task.CompletedTask;
    }
}
