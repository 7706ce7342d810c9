using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Client.Schedules;

namespace CoderBootstrap.Starter.Schedules;

/// <summary>
/// The Temporal schedules an environment's spec asks for: <c>cost-&lt;env&gt;</c>, the daily cost check
/// (<see cref="CostCheckWorkflow"/>, cron from <c>cost_check.cron</c> or 06:00 UTC), and <c>backup-&lt;env&gt;</c> from
/// <c>backup.schedule</c> (cron in UTC, jitter), running <see cref="BackupWorkflow"/>, overlap skip
/// (a backup still running makes the next one wait for the following slot), catch-up window one
/// hour (a server down at 03:00 still backs up at 03:40, not at 17:00). The settings applied are
/// recorded in the schedule's memo, so applying the same spec again changes nothing.
/// </summary>
internal static class EnvironmentSchedules
{
    public const string AppliedMemo = "coder-bootstrap-applied";

    /// <summary>What the spec wants, by schedule id; an environment without <c>backup.schedule</c> wants the cost check only.</summary>
    public static IReadOnlyDictionary<string, DesiredSchedule> For(EnvironmentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var wanted = new Dictionary<string, DesiredSchedule>(StringComparer.Ordinal);
        if (spec.BackupPolicy.Schedule is { } backup)
        {
            var id = WorkflowNames.Backup(spec.Name);
            wanted[id] = new DesiredSchedule(id, "backup", backup.Cron, backup.Jitter,
                ScheduleActionStartWorkflow.Create((BackupWorkflow w) => w.RunAsync(new BackupInput(spec.Name)), new WorkflowOptions(id, WorkflowNames.TaskQueue)));
        }
        var cost = WorkflowNames.Cost(spec.Name);
        wanted[cost] = new DesiredSchedule(cost, "cost", spec.CostCheckCron ?? EnvironmentSpec.DefaultCostCheckCron, TimeSpan.Zero,
            ScheduleActionStartWorkflow.Create((CostCheckWorkflow w) => w.RunAsync(new CostCheckInput(spec.Name)), new WorkflowOptions(cost, WorkflowNames.TaskQueue)));
        return wanted;
    }

    /// <summary>The ids of every kind of schedule an environment may have (what list and delete look at).</summary>
    public static IReadOnlyList<string> KnownIds(string environment) => WorkflowNames.Schedules(environment);
}

internal sealed record DesiredSchedule(string Id, string Kind, string Cron, TimeSpan Jitter, ScheduleActionStartWorkflow Action)
{
    /// <summary>The applied settings in one line: equal lines mean nothing to change.</summary>
    public string Fingerprint => $"v1 {Kind} cron={Cron} jitter={Jitter} overlap=skip catchup=1h workflow={Action.Workflow} queue={Action.Options.TaskQueue}";

    public Schedule ToSchedule() => new(Action, new ScheduleSpec { CronExpressions = [Cron], Jitter = Jitter > TimeSpan.Zero ? Jitter : null })
    {
        Policy = new SchedulePolicy { Overlap = ScheduleOverlapPolicy.Skip, CatchupWindow = TimeSpan.FromHours(1) },
    };
}
