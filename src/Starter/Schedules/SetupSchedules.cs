using CoderBootstrap.Workflows;
using Temporalio.Client;

namespace CoderBootstrap.Starter.Schedules;

/// <summary>
/// The end of a completed setup: the environment's schedules are applied when its spec says
/// <c>schedules.apply_on_setup: true</c>, and otherwise offered with the command that applies them.
/// </summary>
internal static class SetupSchedules
{
    /// <param name="output">Where the lines go; with <c>--json</c> the caller passes standard error so standard output stays one document.</param>
    public static async Task FinishAsync(StarterContext context, ITemporalClient client, SetupResult result, TextWriter output)
    {
        if (result.Outcome != "completed")
        {
            return;
        }
        var spec = StarterCommands.LoadEnvironment(context, result.Environment);
        if (spec.ApplySchedulesOnSetup)
        {
            await output.WriteLineAsync("  Schedules:       applying them (the spec sets schedules.apply_on_setup)").ConfigureAwait(false);
            await ScheduleCommands.ApplyAsync(client, spec, output).ConfigureAwait(false);
            return;
        }
        var label = "  Schedules:       ";
        foreach (var desired in EnvironmentSchedules.For(spec).Values)
        {
            await output.WriteLineAsync($"{label}{desired.Id}: {ScheduleCommands.Describe(desired)}").ConfigureAwait(false);
            label = new string(' ', label.Length);
        }
        await output.WriteLineAsync($"{label}not applied: `starter schedules apply --env={spec.Name}` creates them (or set schedules.apply_on_setup: true in the spec)").ConfigureAwait(false);
    }
}
