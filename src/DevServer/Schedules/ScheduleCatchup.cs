using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Schedule.V1;

namespace CoderBootstrap.DevServer.Schedules;

/// <summary>
/// Which actions a schedule takes when it wakes up, possibly late (server down, process paused):
/// every action time in (last processed, now] is due; those whose time is more than the catch-up
/// window before now are missed, the others are taken. The window defaults to one year when unset
/// and is never less than 10 seconds, as on the Temporal server.
/// </summary>
public static class ScheduleCatchup
{
    /// <summary>The window used when the schedule's policies leave <c>catchup_window</c> unset.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(365);

    /// <summary>The smallest window the server honours; smaller configured values are raised to it.</summary>
    public static readonly TimeSpan MinimumWindow = TimeSpan.FromSeconds(10);

    // Past this many missed actions the rest of the stale range is skipped in one jump rather than
    // enumerated (an every-second schedule idle for a year would otherwise take millions of steps).
    private const int MaximumMissedEnumerated = 10_000;

    /// <summary>The effective catch-up window for a configured value (null = unset).</summary>
    public static TimeSpan ResolveWindow(Duration? configuredWindow)
    {
        if (configuredWindow is null)
        {
            return DefaultWindow;
        }

        var window = configuredWindow.ToTimeSpan();
        return window < MinimumWindow ? MinimumWindow : window;
    }

    /// <summary>Whether an action due at <paramref name="actionTimeUtc"/> may still be taken at <paramref name="nowUtc"/>.</summary>
    public static bool IsWithinWindow(DateTime actionTimeUtc, DateTime nowUtc, TimeSpan window) =>
        CompiledScheduleSpec.AsUtc(nowUtc) - CompiledScheduleSpec.AsUtc(actionTimeUtc) <= window;

    /// <summary>Evaluates the actions due in (<paramref name="lastProcessedUtc"/>, <paramref name="nowUtc"/>].</summary>
    /// <exception cref="ScheduleSpecException">The spec is invalid.</exception>
    public static ScheduleCatchupResult Evaluate(
        ScheduleSpec spec,
        string scheduleId,
        DateTime lastProcessedUtc,
        DateTime nowUtc,
        Duration? catchupWindow) =>
        Evaluate(CompiledScheduleSpec.Compile(spec), scheduleId, lastProcessedUtc, nowUtc, ResolveWindow(catchupWindow));

    /// <inheritdoc cref="Evaluate(ScheduleSpec, string, DateTime, DateTime, Duration?)"/>
    /// <param name="window">The effective window (see <see cref="ResolveWindow"/>).</param>
    public static ScheduleCatchupResult Evaluate(
        CompiledScheduleSpec spec,
        string scheduleId,
        DateTime lastProcessedUtc,
        DateTime nowUtc,
        TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var now = CompiledScheduleSpec.AsUtc(nowUtc);
        var after = CompiledScheduleSpec.AsUtc(lastProcessedUtc);
        var resumeAfter = after;
        var taken = new List<ScheduleActionTime>();
        long missed = 0;

        var next = spec.GetNextActionTime(after, scheduleId);
        while (next is not null && next.Actual <= now)
        {
            if (IsWithinWindow(next.Actual, now, window))
            {
                taken.Add(next);
            }
            else
            {
                missed++;
                if (missed >= MaximumMissedEnumerated && now - window > next.Actual)
                {
                    // Jump to the start of the window: everything before it is missed anyway.
                    resumeAfter = now - window - TimeSpan.FromTicks(1);
                    next = spec.GetNextActionTime(resumeAfter, scheduleId);
                    continue;
                }
            }

            resumeAfter = next.Actual;
            next = spec.GetNextActionTime(next.Actual, scheduleId);
        }

        return new ScheduleCatchupResult(taken, missed, resumeAfter, next);
    }
}
