using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace CoderBootstrap.Workflows;

/// <summary>
/// The lifecycle notifications of one run (<c>&lt;kind&gt;.started</c>, <c>.completed</c>,
/// <c>.failed</c>, <c>approval.waiting</c>), through <see cref="NotifyStep"/>: a delivery that
/// fails for good is logged and never fails the run. Runs started before notifications existed
/// replay without them (<see cref="Patch"/>). The first delivery's answer says which events the
/// configured channels want; later events nobody wants are not sent at all (no activity), so a
/// run with no channel configured has one notification activity in its history.
/// </summary>
public sealed class RunNotifier
{
    /// <summary>The patch every notifying workflow checks once, first thing in its run.</summary>
    public const string Patch = "lifecycle-notifications";

    private readonly string _kind;
    private readonly string _environment;
    private readonly ActivityPolicies _policies;
    private readonly bool _enabled;
    private Activities.Notifications.NotificationOutcome? _known;
    private bool _started;

    private RunNotifier(string kind, string environment, ActivityPolicies policies, bool enabled)
    {
        _kind = kind;
        _environment = environment;
        _policies = policies;
        _enabled = enabled;
    }

    /// <summary>Sends nothing (dry runs, and runs whose history has no notifications).</summary>
    public static RunNotifier Silent { get; } = new(string.Empty, string.Empty, ActivityPolicies.Unscaled, false);

    /// <summary>The notifier of this run; <paramref name="silent"/> runs (dry runs) send nothing. Call first thing in the run.</summary>
    public static RunNotifier ForRun(string kind, string environment, ActivityPolicies policies, bool silent = false) =>
        Workflow.Patched(Patch) && !silent ? new RunNotifier(kind, environment, policies, true) : Silent;

    public Task StartedAsync(IReadOnlyDictionary<string, string> details)
    {
        _started = true;
        return SendAsync($"{_kind}.started", $"{_kind} of {_environment} started", details);
    }

    /// <summary>
    /// <c>&lt;kind&gt;.completed</c> for a run that reports no start (a scale: its analysis is the
    /// start), with what changed.
    /// </summary>
    public Task CompletedAsync(string title, IReadOnlyDictionary<string, string> details) =>
        SendAsync($"{_kind}.completed", title, details);

    /// <summary>The approval gate is waiting: the commands that answer it.</summary>
    public Task ApprovalWaitingAsync(string why, TimeSpan timeout) =>
        SendAsync("approval.waiting", $"{_kind} of {_environment} is waiting for approval: {why}", new Dictionary<string, string>
        {
            ["reason"] = why,
            ["approve"] = $"starter approve --env={_environment}",
            ["reject"] = $"starter reject --env={_environment} --reason ...",
            ["timeout"] = timeout.ToString(),
        });

    /// <summary>
    /// Runs the rest of the run: completed with its summary when it returns, failed (with the
    /// innermost failure's message and type) when it throws after <see cref="StartedAsync"/>. A
    /// cancelled run reports nothing (it cannot schedule activities any more).
    /// </summary>
    public async Task<T> ReportAsync<T>(Func<Task<T>> run, Func<T, (string Title, IReadOnlyDictionary<string, string> Details)> completed)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(completed);
        T result;
        try
        {
            result = await run();
        }
        catch (Exception e) when (_enabled && _started && !TemporalException.IsCanceledException(e))
        {
            var (message, type) = Innermost(e);
            var details = new Dictionary<string, string> { ["error"] = message };
            if (type is not null)
            {
                details["error type"] = type;
            }
            await SendAsync($"{_kind}.failed", $"{_kind} of {_environment} failed: {message}", details);
            throw;
        }
        if (_started)
        {
            var (title, details) = completed(result);
            await SendAsync($"{_kind}.completed", title, details);
        }
        return result;
    }

    private async Task SendAsync(string eventName, string title, IReadOnlyDictionary<string, string> details)
    {
        if (!_enabled || _known?.Wants(eventName) == false)
        {
            return;
        }
        _known = await NotifyStep.TryDeliverAsync(_environment, eventName, title, details, _policies) ?? _known;
    }

    private static (string Message, string? Type) Innermost(Exception e)
    {
        var message = e.Message;
        string? type = null;
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            message = current.Message;
            if (current is ApplicationFailureException application)
            {
                type = application.ErrorType;
            }
        }
        return (message, type);
    }
}
