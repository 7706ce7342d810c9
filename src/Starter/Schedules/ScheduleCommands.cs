using System.CommandLine;
using CoderBootstrap.Workflows;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Exceptions;

namespace CoderBootstrap.Starter.Schedules;

/// <summary><c>starter schedules apply|list|describe|pause|unpause|trigger|delete</c>: the environment's Temporal schedules, on the embedded server or a real one alike.</summary>
internal static class ScheduleCommands
{
    public static Command Build(StarterContext context, Option<string> env, Option<bool> sandbox, Option<bool> json)
    {
        var id = new Option<string?>("--schedule") { Description = "schedule id (default backup-<env>)" };
        var note = new Option<string?>("--note") { Description = "why (recorded with a pause)" };
        var apply = new Command("apply", "create or update the environment's schedules to match its spec (a second apply changes nothing)") { env, sandbox };
        apply.SetAction((parse, ct) => WithClientAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), ct, (client, e) => ApplyAsync(client, StarterCommands.LoadEnvironment(context, e), context.Out)));
        var list = new Command("list", "the environment's schedules") { env, sandbox, json };
        list.SetAction((parse, ct) => WithClientAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), ct, (client, e) => ListAsync(context, client, e, parse.GetValue(json))));
        var describe = new Command("describe", "a schedule's cron, policies, state, recent and next actions") { env, sandbox, json, id };
        describe.SetAction((parse, ct) => WithClientAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), ct, (client, e) => DescribeAsync(context, client, IdOf(e, parse.GetValue(id)), parse.GetValue(json))));
        var pause = new Command("pause", "pause a schedule") { env, sandbox, id, note };
        pause.SetAction((parse, ct) => WithClientAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), ct, (client, e) =>
            ActAsync(context, client, IdOf(e, parse.GetValue(id)), "paused", h => h.PauseAsync(parse.GetValue(note) ?? $"paused with starter by {System.Environment.UserName}"))));
        var unpause = new Command("unpause", "resume a paused schedule") { env, sandbox, id, note };
        unpause.SetAction((parse, ct) => WithClientAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), ct, (client, e) =>
            ActAsync(context, client, IdOf(e, parse.GetValue(id)), "unpaused", h => h.UnpauseAsync(parse.GetValue(note) ?? "unpaused with starter"))));
        var trigger = new Command("trigger", "run a schedule's action now (a running one is not doubled: overlap skip)") { env, sandbox, id };
        trigger.SetAction((parse, ct) => WithClientAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), ct, (client, e) =>
            ActAsync(context, client, IdOf(e, parse.GetValue(id)), "triggered", h => h.TriggerAsync())));
        var delete = new Command("delete", "delete a schedule (its past runs stay)") { env, sandbox, id };
        delete.SetAction((parse, ct) => WithClientAsync(context, parse.GetValue(env)!, parse.GetValue(sandbox), ct, (client, e) =>
            ActAsync(context, client, IdOf(e, parse.GetValue(id)), "deleted", h => h.DeleteAsync())));
        return new Command("schedules", "the environment's Temporal schedules (scheduled backups)") { apply, list, describe, pause, unpause, trigger, delete };
    }

    private static string IdOf(string environment, string? id) => id ?? WorkflowNames.Backup(environment);

    private static async Task<int> WithClientAsync(StarterContext context, string environment, bool sandbox, CancellationToken ct, Func<ITemporalClient, string, Task<int>> action)
    {
        StarterCommands.LoadEnvironment(context, environment);
        await using var runtime = await StarterCommands.ConnectAsync(context, sandbox, 0.05, needWorker: true, $"schedules-{environment}", ct).ConfigureAwait(false);
        return await action(runtime.Client, environment).ConfigureAwait(false);
    }

    /// <summary>Creates, updates or deletes the environment's schedules to match <paramref name="spec"/>, a line each on <paramref name="output"/>.</summary>
    internal static async Task<int> ApplyAsync(ITemporalClient client, Activities.Environments.EnvironmentSpec spec, TextWriter output)
    {
        var environment = spec.Name;
        var wanted = EnvironmentSchedules.For(spec);
        var changes = 0;
        foreach (var scheduleId in EnvironmentSchedules.KnownIds(environment))
        {
            var handle = client.GetScheduleHandle(scheduleId);
            var existing = await TryDescribeAsync(handle).ConfigureAwait(false);
            if (!wanted.TryGetValue(scheduleId, out var desired))
            {
                if (existing is not null)
                {
                    await handle.DeleteAsync().ConfigureAwait(false);
                    await output.WriteLineAsync($"{scheduleId}: deleted (the spec has no schedule for it)").ConfigureAwait(false);
                    changes++;
                }
                continue;
            }
            if (existing is null)
            {
                await client.CreateScheduleAsync(scheduleId, desired.ToSchedule(), new ScheduleOptions
                {
                    Memo = new Dictionary<string, object> { [EnvironmentSchedules.AppliedMemo] = desired.Fingerprint },
                }).ConfigureAwait(false);
                await output.WriteLineAsync($"{scheduleId}: created ({Describe(desired)})").ConfigureAwait(false);
                changes++;
                continue;
            }
            var applied = existing.Memo.TryGetValue(EnvironmentSchedules.AppliedMemo, out var memo) ? await memo.ToValueAsync<string>().ConfigureAwait(false) : null;
            if (applied == desired.Fingerprint)
            {
                await output.WriteLineAsync($"{scheduleId}: unchanged ({Describe(desired)})").ConfigureAwait(false);
                continue;
            }
            // The memo is set at creation only: a changed schedule is replaced, keeping its paused state.
            var paused = existing.Schedule.State.Paused;
            await handle.DeleteAsync().ConfigureAwait(false);
            var schedule = desired.ToSchedule() with { State = new ScheduleState { Paused = paused, Note = existing.Schedule.State.Note } };
            await client.CreateScheduleAsync(scheduleId, schedule, new ScheduleOptions
            {
                Memo = new Dictionary<string, object> { [EnvironmentSchedules.AppliedMemo] = desired.Fingerprint },
            }).ConfigureAwait(false);
            await output.WriteLineAsync($"{scheduleId}: updated ({Describe(desired)})").ConfigureAwait(false);
            changes++;
        }
        await output.WriteLineAsync(changes == 0 ? $"schedules of {environment} already match the spec: nothing changed" : $"schedules of {environment}: {changes} changed").ConfigureAwait(false);
        return 0;
    }

    internal static string Describe(DesiredSchedule desired) =>
        $"{desired.Kind} at \"{desired.Cron}\" UTC{(desired.Jitter > TimeSpan.Zero ? $" + up to {Activities.Environments.ReviewEnvironment.FormatDuration(desired.Jitter)} jitter" : "")}, overlap skip, catch-up 1 h";

    private static async Task<int> ListAsync(StarterContext context, ITemporalClient client, string environment, bool json)
    {
        var rows = new List<object>();
        foreach (var scheduleId in EnvironmentSchedules.KnownIds(environment))
        {
            if (await TryDescribeAsync(client.GetScheduleHandle(scheduleId)).ConfigureAwait(false) is not { } description)
            {
                continue;
            }
            var next = description.Info.NextActionTimes.FirstOrDefault();
            if (json)
            {
                rows.Add(new { id = scheduleId, paused = description.Schedule.State.Paused, cron = description.Schedule.Spec.CronExpressions, nextActionAt = next, actions = description.Info.NumActions });
                continue;
            }
            await context.Out.WriteLineAsync($"{scheduleId}  {(description.Schedule.State.Paused ? "paused" : "active")}  next {next:u}  {description.Info.NumActions} actions so far").ConfigureAwait(false);
        }
        if (json)
        {
            await context.Out.WriteLineAsync(StarterCommands.ToJson(rows)).ConfigureAwait(false);
        }
        else if (rows.Count == 0 && !await AnyAsync(client, environment).ConfigureAwait(false))
        {
            await context.Out.WriteLineAsync($"no schedules for {environment} (`starter schedules apply --env={environment}` creates them from the spec)").ConfigureAwait(false);
        }
        return 0;
    }

    private static async Task<bool> AnyAsync(ITemporalClient client, string environment)
    {
        foreach (var scheduleId in EnvironmentSchedules.KnownIds(environment))
        {
            if (await TryDescribeAsync(client.GetScheduleHandle(scheduleId)).ConfigureAwait(false) is not null)
            {
                return true;
            }
        }
        return false;
    }

    private static async Task<int> DescribeAsync(StarterContext context, ITemporalClient client, string scheduleId, bool json)
    {
        var description = await TryDescribeAsync(client.GetScheduleHandle(scheduleId)).ConfigureAwait(false)
            ?? throw new StarterException($"no schedule {scheduleId} (`starter schedules apply` creates it)");
        var applied = description.Memo.TryGetValue(EnvironmentSchedules.AppliedMemo, out var memo) ? await memo.ToValueAsync<string>().ConfigureAwait(false) : "(not applied by starter)";
        var info = description.Info;
        if (json)
        {
            await context.Out.WriteLineAsync(StarterCommands.ToJson(new
            {
                id = scheduleId,
                applied,
                paused = description.Schedule.State.Paused,
                note = description.Schedule.State.Note,
                actions = info.NumActions,
                recent = info.RecentActions.Select(a => new { a.ScheduledAt, a.StartedAt, workflowId = (a.Action as ScheduleActionExecutionStartWorkflow)?.WorkflowId }),
                next = info.NextActionTimes,
            })).ConfigureAwait(false);
            return 0;
        }
        await context.Out.WriteLineAsync($"{scheduleId}: {(description.Schedule.State.Paused ? "paused" : "active")}{(string.IsNullOrEmpty(description.Schedule.State.Note) ? "" : $" ({description.Schedule.State.Note})")}").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"  applied:  {applied}").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"  actions:  {info.NumActions} so far, {info.NumActionsMissedCatchupWindow} missed the catch-up window, {info.NumActionsSkippedOverlap} skipped (overlap)").ConfigureAwait(false);
        foreach (var action in info.RecentActions)
        {
            await context.Out.WriteLineAsync($"  ran:      {action.ScheduledAt:u} → {(action.Action as ScheduleActionExecutionStartWorkflow)?.WorkflowId}").ConfigureAwait(false);
        }
        foreach (var next in info.NextActionTimes.Take(3))
        {
            await context.Out.WriteLineAsync($"  next:     {next:u}").ConfigureAwait(false);
        }
        return 0;
    }

    private static async Task<int> ActAsync(StarterContext context, ITemporalClient client, string scheduleId, string done, Func<ScheduleHandle, Task> action)
    {
        try
        {
            await action(client.GetScheduleHandle(scheduleId)).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw new StarterException($"no schedule {scheduleId} (`starter schedules apply` creates it)");
        }
        await context.Out.WriteLineAsync($"{scheduleId}: {done}").ConfigureAwait(false);
        return 0;
    }

    private static async Task<ScheduleDescription?> TryDescribeAsync(ScheduleHandle handle)
    {
        try
        {
            return await handle.DescribeAsync().ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return null;
        }
    }
}
