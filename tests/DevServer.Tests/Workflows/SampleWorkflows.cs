using Temporalio.Activities;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace CoderBootstrap.DevServer.Tests.Workflows;

/// <summary>Activities used by the server tests; counters let tests observe attempts.</summary>
public sealed class TestActivities
{
    private int _flakyAttempts;

    public int FlakyAttempts => _flakyAttempts;

    [Activity]
    public string Greet(string name) => $"Hello, {name}!";

    [Activity]
    public int AddOne(int value) => value + 1;

    /// <summary>Fails with a retryable error until the given attempt.</summary>
    [Activity]
    public string Flaky(int succeedOnAttempt)
    {
        Interlocked.Increment(ref _flakyAttempts);
        var attempt = ActivityExecutionContext.Current.Info.Attempt;
        if (attempt < succeedOnAttempt)
        {
            throw new ApplicationFailureException($"attempt {attempt} failed", "Transient");
        }
        return $"succeeded on attempt {attempt}";
    }

    [Activity]
    public void FailPermanently() =>
        throw new ApplicationFailureException("quota exceeded", "QuotaExceeded");

    [Activity]
    public async Task<string> HeartbeatUntilCancelledAsync()
    {
        var context = ActivityExecutionContext.Current;
        try
        {
            while (true)
            {
                context.Heartbeat("beat");
                await Task.Delay(100, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancelReason == ActivityCancelReason.CancelRequested)
        {
            throw;
        }
    }

    [Activity]
    public async Task<int> ResumeFromHeartbeatAsync(int target)
    {
        var context = ActivityExecutionContext.Current;
        var start = context.Info.HeartbeatDetails.Count > 0 ? await context.Info.HeartbeatDetailAtAsync<int>(0) : 0;
        for (var i = start; i < target; i++)
        {
            context.Heartbeat(i + 1);
            if (context.Info.Attempt == 1 && i == target / 2)
            {
                throw new ApplicationFailureException("crash half-way", "Transient");
            }
        }
        return start;
    }

    [Activity]
    public async Task<string> SleepThenEchoAsync(int milliseconds, string text)
    {
        await Task.Delay(milliseconds, ActivityExecutionContext.Current.CancellationToken);
        return text;
    }

    [Activity]
    public async Task SleepAsync(int milliseconds) =>
        await Task.Delay(milliseconds, ActivityExecutionContext.Current.CancellationToken);
}

[Workflow]
public sealed class GreetingWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string name) =>
        await Workflow.ExecuteActivityAsync((TestActivities a) => a.Greet(name), new() { StartToCloseTimeout = TimeSpan.FromSeconds(10) });
}

[Workflow]
public sealed class SequentialActivitiesWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int count)
    {
        var value = 0;
        for (var i = 0; i < count; i++)
        {
            value = await Workflow.ExecuteActivityAsync((TestActivities a) => a.AddOne(value), new() { StartToCloseTimeout = TimeSpan.FromSeconds(10) });
        }
        return value;
    }
}

[Workflow]
public sealed class RetryingWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(int succeedOnAttempt, int maximumAttempts) =>
        await Workflow.ExecuteActivityAsync((TestActivities a) => a.Flaky(succeedOnAttempt), new()
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(10),
            RetryPolicy = new() { InitialInterval = TimeSpan.FromMilliseconds(50), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMilliseconds(200), MaximumAttempts = maximumAttempts },
        });
}

[Workflow]
public sealed class NonRetryableWorkflow
{
    [WorkflowRun]
    public async Task RunAsync() =>
        await Workflow.ExecuteActivityAsync((TestActivities a) => a.FailPermanently(), new()
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(10),
            RetryPolicy = new() { InitialInterval = TimeSpan.FromMilliseconds(50), NonRetryableErrorTypes = ["QuotaExceeded"] },
        });
}

[Workflow]
public sealed class SignalQueryWorkflow
{
    private readonly List<string> _received = [];
    private bool _done;

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        await Workflow.WaitConditionAsync(() => _done);
        return string.Join(",", _received);
    }

    [WorkflowSignal]
    public Task AddAsync(string item)
    {
        _received.Add(item);
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task FinishAsync()
    {
        _done = true;
        return Task.CompletedTask;
    }

    [WorkflowQuery]
    public int Count => _received.Count;

    [WorkflowQuery]
    public string Fail() => throw new InvalidOperationException("query refused");

    [WorkflowUpdate]
    public async Task<int> AddManyAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _received.Add($"u{i}");
        }
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(10));
        return _received.Count;
    }

    [WorkflowUpdateValidator(nameof(AddManyAsync))]
    public void ValidateAddMany(int count)
    {
        if (count <= 0)
        {
            throw new ArgumentException("count must be positive");
        }
    }
}

[Workflow]
public sealed class TimerWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(int milliseconds)
    {
        var started = Workflow.UtcNow;
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(milliseconds));
        return (Workflow.UtcNow - started).TotalMilliseconds >= milliseconds ? "fired" : "early";
    }
}

[Workflow]
public sealed class CancellableTimerWorkflow
{
    private bool _cancelTimer;

    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        using var timerCancel = new CancellationTokenSource();
        var timer = Workflow.DelayAsync(TimeSpan.FromMinutes(10), timerCancel.Token);
        await Workflow.WaitConditionAsync(() => _cancelTimer);
        timerCancel.Cancel();
        try
        {
            await timer;
            return "fired";
        }
        catch (TaskCanceledException)
        {
            return "timer cancelled";
        }
    }

    [WorkflowSignal]
    public Task CancelTimerAsync()
    {
        _cancelTimer = true;
        return Task.CompletedTask;
    }
}

[Workflow]
public sealed class ChildParentWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string mode)
    {
        var child = await Workflow.StartChildWorkflowAsync((ChildWorkflow c) => c.RunAsync(mode), new() { Id = $"{Workflow.Info.WorkflowId}-child" });
        try
        {
            return $"child said {await child.GetResultAsync()}";
        }
        catch (ChildWorkflowFailureException e)
        {
            return $"child failed: {e.InnerException?.Message}";
        }
    }
}

[Workflow]
public sealed class ChildWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string mode)
    {
        if (mode == "fail")
        {
            throw new ApplicationFailureException("child broke", "ChildBroke");
        }
        if (mode == "wait")
        {
            await Workflow.DelayAsync(TimeSpan.FromHours(1));
        }
        return await Workflow.ExecuteActivityAsync((TestActivities a) => a.Greet("child"), new() { StartToCloseTimeout = TimeSpan.FromSeconds(10) });
    }
}

[Workflow]
public sealed class AbandonOrTerminateParentWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(bool abandon)
    {
        var child = await Workflow.StartChildWorkflowAsync((ChildWorkflow c) => c.RunAsync("wait"), new()
        {
            Id = $"{Workflow.Info.WorkflowId}-child",
            ParentClosePolicy = abandon ? Temporalio.Workflows.ParentClosePolicy.Abandon : Temporalio.Workflows.ParentClosePolicy.Terminate,
        });
        return child.Id;
    }
}

[Workflow]
public sealed class ContinueAsNewWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int remaining)
    {
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(1));
        if (remaining > 0)
        {
            throw Workflow.CreateContinueAsNewException((ContinueAsNewWorkflow w) => w.RunAsync(remaining - 1));
        }
        return Workflow.Info.Attempt;
    }
}

[Workflow]
public sealed class ExternalSignalWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string targetId)
    {
        await Workflow.GetExternalWorkflowHandle<SignalQueryWorkflow>(targetId).SignalAsync(w => w.AddAsync("from-external"));
        await Workflow.GetExternalWorkflowHandle<SignalQueryWorkflow>(targetId).SignalAsync(w => w.FinishAsync());
        try
        {
            await Workflow.GetExternalWorkflowHandle<SignalQueryWorkflow>("no-such-workflow").SignalAsync(w => w.FinishAsync());
            return "signalled missing workflow?";
        }
        catch (ApplicationFailureException)
        {
            return "missing workflow reported";
        }
        catch (Exception e)
        {
            return $"missing workflow reported ({e.GetType().Name})";
        }
    }
}

[Workflow]
public sealed class ExternalCancelWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(string targetId) =>
        await Workflow.GetExternalWorkflowHandle(targetId).CancelAsync();
}

[Workflow]
public sealed class CancellableActivityWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        try
        {
            await Workflow.ExecuteActivityAsync((TestActivities a) => a.HeartbeatUntilCancelledAsync(), new()
            {
                StartToCloseTimeout = TimeSpan.FromMinutes(1),
                HeartbeatTimeout = TimeSpan.FromSeconds(5),
                CancellationType = ActivityCancellationType.WaitCancellationCompleted,
            });
            return "activity finished";
        }
        catch (Exception e) when (TemporalException.IsCanceledException(e))
        {
            return "cancelled cleanly";
        }
    }
}

[Workflow]
public sealed class ActivityTimeoutWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string kind)
    {
        try
        {
            if (kind == "heartbeat")
            {
                await Workflow.ExecuteActivityAsync((TestActivities a) => a.SleepAsync(5000), new()
                {
                    StartToCloseTimeout = TimeSpan.FromSeconds(30),
                    HeartbeatTimeout = TimeSpan.FromMilliseconds(500),
                    RetryPolicy = new() { MaximumAttempts = 1 },
                });
            }
            else if (kind == "start-to-close")
            {
                await Workflow.ExecuteActivityAsync((TestActivities a) => a.SleepAsync(5000), new()
                {
                    StartToCloseTimeout = TimeSpan.FromMilliseconds(500),
                    RetryPolicy = new() { MaximumAttempts = 2, InitialInterval = TimeSpan.FromMilliseconds(10) },
                });
            }
            else if (kind == "schedule-to-close")
            {
                // The overall deadline passes while the first attempt still runs (its own limit is longer).
                await Workflow.ExecuteActivityAsync((TestActivities a) => a.SleepAsync(5000), new()
                {
                    ScheduleToCloseTimeout = TimeSpan.FromMilliseconds(700),
                    StartToCloseTimeout = TimeSpan.FromSeconds(4),
                    RetryPolicy = new() { InitialInterval = TimeSpan.FromMilliseconds(10) },
                });
            }
            else
            {
                await Workflow.ExecuteActivityAsync((TestActivities a) => a.SleepAsync(10), new()
                {
                    TaskQueue = "queue-nobody-polls",
                    ScheduleToStartTimeout = TimeSpan.FromMilliseconds(500),
                    StartToCloseTimeout = TimeSpan.FromSeconds(5),
                });
            }
            return "completed";
        }
        catch (ActivityFailureException e) when (e.InnerException is TimeoutFailureException timeout)
        {
            return $"{timeout.TimeoutType}";
        }
    }
}

[Workflow]
public sealed class HeartbeatResumeWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int target) =>
        await Workflow.ExecuteActivityAsync((TestActivities a) => a.ResumeFromHeartbeatAsync(target), new()
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(10),
            HeartbeatTimeout = TimeSpan.FromSeconds(5),
            RetryPolicy = new() { InitialInterval = TimeSpan.FromMilliseconds(10) },
        });
}

[Workflow]
public sealed class LocalActivityWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync(string name) =>
        await Workflow.ExecuteLocalActivityAsync((TestActivities a) => a.Greet(name), new() { StartToCloseTimeout = TimeSpan.FromSeconds(10) });
}

[Workflow]
public sealed class FailOnceWorkflow
{
    private static int _runs;

    public static int Runs => _runs;

    public static void ResetRuns() => Interlocked.Exchange(ref _runs, 0);

    [WorkflowRun]
    public Task<string> RunAsync()
    {
        if (Interlocked.Increment(ref _runs) == 1)
        {
            // Not an ApplicationFailure: the SDK fails the workflow task and the server retries it.
            throw new InvalidOperationException("transient bug in workflow code");
        }
        return Task.FromResult($"succeeded on workflow task attempt {Workflow.Info.Attempt}");
    }
}

[Workflow]
public sealed class FailingWorkflow
{
    [WorkflowRun]
    public Task RunAsync() => throw new ApplicationFailureException("workflow broke on purpose", "Broken");
}

[Workflow]
public sealed class LongSleepWorkflow
{
    [WorkflowRun]
    public async Task RunAsync() => await Workflow.DelayAsync(TimeSpan.FromHours(1));
}

[Workflow]
public sealed class CrashResilientWorkflow
{
    [WorkflowRun]
    public async Task<string> RunAsync()
    {
        var options = new ActivityOptions
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(5),
            RetryPolicy = new() { InitialInterval = TimeSpan.FromMilliseconds(100) },
        };
        var timer = Workflow.DelayAsync(TimeSpan.FromSeconds(3));
        var slow = Workflow.ExecuteActivityAsync((TestActivities a) => a.SleepThenEchoAsync(1500, "slow"), options);
        await Workflow.WhenAllAsync(timer, slow);
        var after = await Workflow.ExecuteActivityAsync((TestActivities a) => a.Greet("after restart"), options);
        return $"{await slow}|{after}";
    }
}
