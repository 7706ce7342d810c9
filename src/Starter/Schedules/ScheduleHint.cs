using CoderBootstrap.Workflows;

namespace CoderBootstrap.Starter.Schedules;

/// <summary>The end of a completed setup offers the environment's schedules when its spec has some.</summary>
internal static class ScheduleHint
{
    public static async Task PrintAsync(StarterContext context, SetupResult result)
    {
        if (result.Outcome != "completed")
        {
            return;
        }
        var spec = StarterCommands.LoadEnvironment(context, result.Environment);
        if (spec.BackupPolicy.Schedule is { } schedule)
        {
            await context.Out.WriteLineAsync($"  Backups:         the spec schedules them at \"{schedule.Cron}\" UTC: `starter schedules apply --env={result.Environment}` creates the schedule").ConfigureAwait(false);
        }
    }
}
