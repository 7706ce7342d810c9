using System.Text;
using CoderBootstrap.DevServer.Schedules;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Schedule.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Engine;

public sealed partial class ServerEngine
{
    private static readonly TimeSpan DefaultCatchupWindow = TimeSpan.FromDays(365);
    private static readonly TimeSpan MinimumCatchupWindow = TimeSpan.FromSeconds(10);
    private const int RecentActionsKept = 10;
    private const int FutureActionTimesShown = 10;

    private readonly Dictionary<(string Namespace, string ScheduleId), ScheduleEntry> _schedules = [];

    public void CreateSchedule(CreateScheduleRequest request) => Mutate(() =>
    {
        RequireNamespace(request.Namespace);
        if (string.IsNullOrEmpty(request.ScheduleId))
        {
            throw ServerErrors.InvalidArgument("ScheduleId is not set on request.");
        }
        ValidateSchedule(request.Schedule);
        if (_schedules.ContainsKey((request.Namespace, request.ScheduleId)))
        {
            throw ServerErrors.AlreadyExists("Schedule with this ID is already registered.");
        }
        var now = Now;
        var schedule = new ScheduleEntry
        {
            Namespace = request.Namespace,
            ScheduleId = request.ScheduleId,
            Schedule = request.Schedule,
            Memo = request.Memo,
            SearchAttributes = request.SearchAttributes,
            CreateTime = now,
            LastProcessedTime = now,
        };
        _schedules[(schedule.Namespace, schedule.ScheduleId)] = schedule;
        if (request.InitialPatch is { } patch)
        {
            ApplySchedulePatch(schedule, patch);
        }
        _dirtySchedules.Add(schedule);
        ArmSchedule(schedule);
    });

    private static void ValidateSchedule(Schedule? schedule)
    {
        if (schedule?.Action?.StartWorkflow is not { } start)
        {
            throw ServerErrors.InvalidArgument("Schedule action is not set: a start-workflow action is required.");
        }
        if (string.IsNullOrEmpty(start.WorkflowId) || string.IsNullOrEmpty(start.WorkflowType?.Name) || string.IsNullOrEmpty(start.TaskQueue?.Name))
        {
            throw ServerErrors.InvalidArgument("Schedule start-workflow action needs a workflow id, a workflow type and a task queue.");
        }
        try
        {
            ScheduleSpecCalculator.Canonicalize(schedule.Spec ?? new ScheduleSpec());
        }
        catch (ScheduleSpecException e)
        {
            throw ServerErrors.InvalidArgument(e.Message);
        }
    }

    public DescribeScheduleResponse DescribeSchedule(DescribeScheduleRequest request)
    {
        lock (_gate)
        {
            var schedule = RequireSchedule(request.Namespace, request.ScheduleId);
            RefreshRunning(schedule);
            var info = new ScheduleInfo
            {
                ActionCount = schedule.ActionCount,
                MissedCatchupWindow = schedule.MissedCatchupWindow,
                OverlapSkipped = schedule.OverlapSkipped,
                BufferDropped = schedule.BufferDropped,
                BufferSize = schedule.Buffered.Count,
                CreateTime = Timestamp.FromDateTime(schedule.CreateTime),
            };
            info.RunningWorkflows.AddRange(schedule.RunningWorkflows);
            info.RecentActions.AddRange(schedule.RecentActions);
            info.FutureActionTimes.AddRange(FutureTimes(schedule).Select(Timestamp.FromDateTime));
            if (schedule.UpdateTime is { } updated)
            {
                info.UpdateTime = Timestamp.FromDateTime(updated);
            }
            // A real server describes the spec in its canonical form: cron strings and calendars as structured calendars.
            var described = schedule.Schedule.Clone();
            described.Spec = ScheduleSpecCalculator.Canonicalize(schedule.Schedule.Spec ?? new ScheduleSpec());
            return new DescribeScheduleResponse
            {
                Schedule = described,
                Info = info,
                Memo = schedule.Memo,
                SearchAttributes = schedule.SearchAttributes,
                ConflictToken = ByteString.CopyFromUtf8(schedule.ConflictToken.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            };
        }
    }

    public void UpdateSchedule(UpdateScheduleRequest request) => Mutate(() =>
    {
        var schedule = RequireSchedule(request.Namespace, request.ScheduleId);
        if (!request.ConflictToken.IsEmpty && request.ConflictToken.ToStringUtf8() != schedule.ConflictToken.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw ServerErrors.FailedPrecondition("mismatched conflict token");
        }
        ValidateSchedule(request.Schedule);
        schedule.Schedule = request.Schedule;
        if (request.SearchAttributes is not null)
        {
            schedule.SearchAttributes = request.SearchAttributes;
        }
        schedule.UpdateTime = Now;
        schedule.LastProcessedTime = Now;
        schedule.ConflictToken++;
        _dirtySchedules.Add(schedule);
        ArmSchedule(schedule);
    });

    public void PatchSchedule(PatchScheduleRequest request) => Mutate(() =>
    {
        var schedule = RequireSchedule(request.Namespace, request.ScheduleId);
        ApplySchedulePatch(schedule, request.Patch ?? new SchedulePatch());
        _dirtySchedules.Add(schedule);
        ArmSchedule(schedule);
    });

    public void DeleteSchedule(DeleteScheduleRequest request) => Mutate(() =>
    {
        RequireSchedule(request.Namespace, request.ScheduleId);
        _schedules.Remove((request.Namespace, request.ScheduleId));
        _deletedSchedules.Add((request.Namespace, request.ScheduleId));
    });

    public ListSchedulesResponse ListSchedules(ListSchedulesRequest request)
    {
        lock (_gate)
        {
            RequireNamespace(request.Namespace);
            var skip = 0;
            if (!request.NextPageToken.IsEmpty && !int.TryParse(request.NextPageToken.ToStringUtf8(), out skip))
            {
                throw ServerErrors.InvalidArgument("Invalid NextPageToken.");
            }
            var pageSize = request.MaximumPageSize > 0 ? request.MaximumPageSize : 1000;
            var all = _schedules.Values.Where(s => s.Namespace == request.Namespace).OrderBy(s => s.ScheduleId, StringComparer.Ordinal).ToList();
            var response = new ListSchedulesResponse();
            foreach (var schedule in all.Skip(skip).Take(pageSize))
            {
                RefreshRunning(schedule);
                var info = new ScheduleListInfo
                {
                    Spec = ScheduleSpecCalculator.Canonicalize(schedule.Schedule.Spec ?? new ScheduleSpec()),
                    WorkflowType = schedule.Schedule.Action.StartWorkflow.WorkflowType,
                    Notes = schedule.Schedule.State?.Notes ?? string.Empty,
                    Paused = schedule.Schedule.State?.Paused ?? false,
                };
                info.RecentActions.AddRange(schedule.RecentActions);
                info.FutureActionTimes.AddRange(FutureTimes(schedule).Select(Timestamp.FromDateTime));
                response.Schedules.Add(new ScheduleListEntry
                {
                    ScheduleId = schedule.ScheduleId,
                    Memo = schedule.Memo,
                    SearchAttributes = schedule.SearchAttributes,
                    Info = info,
                });
            }
            if (skip + pageSize < all.Count)
            {
                response.NextPageToken = ByteString.CopyFromUtf8((skip + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return response;
        }
    }

    public ListScheduleMatchingTimesResponse ListScheduleMatchingTimes(ListScheduleMatchingTimesRequest request)
    {
        lock (_gate)
        {
            var schedule = RequireSchedule(request.Namespace, request.ScheduleId);
            var response = new ListScheduleMatchingTimesResponse();
            var end = request.EndTime.ToDateTime();
            var cursor = request.StartTime.ToDateTime().AddTicks(-1);
            while (response.StartTime.Count < 1000
                && ScheduleSpecCalculator.GetNextTime(schedule.Schedule.Spec, cursor, schedule.ScheduleId) is { } next && next <= end)
            {
                response.StartTime.Add(Timestamp.FromDateTime(next));
                cursor = next;
            }
            return response;
        }
    }

    private ScheduleEntry RequireSchedule(string ns, string scheduleId)
    {
        RequireNamespace(ns);
        return _schedules.TryGetValue((ns, scheduleId), out var schedule)
            ? schedule
            : throw ServerErrors.NotFound("schedule not found");
    }

    private void ApplySchedulePatch(ScheduleEntry schedule, SchedulePatch patch)
    {
        schedule.Schedule.State ??= new Temporalio.Api.Schedule.V1.ScheduleState();
        if (!string.IsNullOrEmpty(patch.Pause))
        {
            schedule.Schedule.State.Paused = true;
            schedule.Schedule.State.Notes = patch.Pause;
        }
        if (!string.IsNullOrEmpty(patch.Unpause))
        {
            schedule.Schedule.State.Paused = false;
            schedule.Schedule.State.Notes = patch.Unpause;
            schedule.LastProcessedTime = Now;
        }
        var now = Now;
        if (patch.TriggerImmediately is { } trigger)
        {
            TakeScheduledAction(schedule, now, now, EffectiveOverlap(schedule, trigger.OverlapPolicy), manual: true);
        }
        foreach (var backfill in patch.BackfillRequest)
        {
            var cursor = backfill.StartTime.ToDateTime().AddTicks(-1);
            var end = backfill.EndTime.ToDateTime();
            while (ScheduleSpecCalculator.GetNextTime(schedule.Schedule.Spec, cursor, schedule.ScheduleId) is { } next && next <= end)
            {
                TakeScheduledAction(schedule, next, now, EffectiveOverlap(schedule, backfill.OverlapPolicy), manual: true);
                cursor = next;
            }
        }
        schedule.ConflictToken++;
    }

    private static ScheduleOverlapPolicy EffectiveOverlap(ScheduleEntry schedule, ScheduleOverlapPolicy requested) =>
        requested != ScheduleOverlapPolicy.Unspecified ? requested
        : schedule.Schedule.Policies?.OverlapPolicy is { } p && p != ScheduleOverlapPolicy.Unspecified ? p
        : ScheduleOverlapPolicy.Skip;

    private IEnumerable<DateTime> FutureTimes(ScheduleEntry schedule)
    {
        // A paused schedule still lists the times it would act at (as a real server does); one out of actions lists none.
        if (schedule.Schedule.State is { LimitedActions: true, RemainingActions: <= 0 })
        {
            return [];
        }
        return ScheduleSpecCalculator.GetNextTimes(schedule.Schedule.Spec ?? new ScheduleSpec(), Max(Now, schedule.LastProcessedTime), FutureActionTimesShown, schedule.ScheduleId);
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>Wakes the schedule at its next action time.</summary>
    private void ArmSchedule(ScheduleEntry schedule)
    {
        var next = ScheduleSpecCalculator.GetNextTime(schedule.Schedule.Spec ?? new ScheduleSpec(), schedule.LastProcessedTime, schedule.ScheduleId);
        var key = (schedule.Namespace, schedule.ScheduleId);
        var due = next is { } n && n > Now ? n : Now;
        if (next is null)
        {
            return;
        }
        _timers.Schedule(due, () => Mutate(() =>
        {
            if (_schedules.TryGetValue(key, out var current) && ReferenceEquals(current, schedule))
            {
                ProcessSchedule(current);
                ArmSchedule(current);
            }
        }));
    }

    /// <summary>Handles every action time that has come since the last pass: taken within the catch-up window, counted as missed beyond it.</summary>
    private void ProcessSchedule(ScheduleEntry schedule)
    {
        var now = Now;
        var window = schedule.Schedule.Policies?.CatchupWindow is { } w && w.ToTimeSpan() > TimeSpan.Zero ? w.ToTimeSpan() : DefaultCatchupWindow;
        if (window < MinimumCatchupWindow)
        {
            window = MinimumCatchupWindow;
        }
        var paused = schedule.Schedule.State is { Paused: true };
        var cursor = schedule.LastProcessedTime;
        while (ScheduleSpecCalculator.GetNextTime(schedule.Schedule.Spec ?? new ScheduleSpec(), cursor, schedule.ScheduleId) is { } next && next <= now)
        {
            cursor = next;
            if (paused)
            {
                continue;
            }
            if (schedule.Schedule.State is { LimitedActions: true, RemainingActions: <= 0 })
            {
                break;
            }
            if (now - next > window)
            {
                schedule.MissedCatchupWindow++;
                continue;
            }
            TakeScheduledAction(schedule, next, now, EffectiveOverlap(schedule, ScheduleOverlapPolicy.Unspecified), manual: false);
        }
        schedule.LastProcessedTime = now > cursor ? now : cursor;
        _dirtySchedules.Add(schedule);
    }

    private void TakeScheduledAction(ScheduleEntry schedule, DateTime nominal, DateTime actual, ScheduleOverlapPolicy overlap, bool manual)
    {
        RefreshRunning(schedule);
        var running = schedule.RunningWorkflows.Count > 0;
        _dirtySchedules.Add(schedule);
        if (!running || overlap == ScheduleOverlapPolicy.AllowAll)
        {
            StartScheduledWorkflow(schedule, nominal, actual);
            return;
        }
        switch (overlap)
        {
            case ScheduleOverlapPolicy.Skip:
                schedule.OverlapSkipped++;
                break;
            case ScheduleOverlapPolicy.BufferOne:
                if (schedule.Buffered.Count >= 1)
                {
                    schedule.BufferDropped++;
                    break;
                }
                schedule.Buffered.Add(new BufferedScheduleStart { NominalTime = nominal, ActualTime = actual, OverlapPolicy = overlap, Manual = manual });
                break;
            case ScheduleOverlapPolicy.BufferAll:
                schedule.Buffered.Add(new BufferedScheduleStart { NominalTime = nominal, ActualTime = actual, OverlapPolicy = overlap, Manual = manual });
                break;
            case ScheduleOverlapPolicy.CancelOther:
                schedule.Buffered.Clear();
                schedule.Buffered.Add(new BufferedScheduleStart { NominalTime = nominal, ActualTime = actual, OverlapPolicy = overlap, Manual = manual });
                foreach (var execution in schedule.RunningWorkflows.ToList())
                {
                    if (FindTarget(schedule.Namespace, execution) is { IsRunning: true } run)
                    {
                        RequestCancelLocked(run, "canceled by schedule overlap policy", "temporal-schedule", external: null);
                    }
                }
                break;
            case ScheduleOverlapPolicy.TerminateOther:
                foreach (var execution in schedule.RunningWorkflows.ToList())
                {
                    if (FindTarget(schedule.Namespace, execution) is { IsRunning: true } run)
                    {
                        TerminateLocked(run, "terminated by schedule overlap policy", "temporal-schedule");
                    }
                }
                RefreshRunning(schedule);
                StartScheduledWorkflow(schedule, nominal, actual);
                break;
        }
    }

    private void StartScheduledWorkflow(ScheduleEntry schedule, DateTime nominal, DateTime actual)
    {
        var action = schedule.Schedule.Action.StartWorkflow;
        var workflowId = $"{action.WorkflowId}-{nominal:yyyy-MM-ddTHH:mm:ssZ}";
        var searchAttributes = action.SearchAttributes?.Clone() ?? new SearchAttributes();
        searchAttributes.IndexedFields["TemporalScheduledStartTime"] = JsonPayload($"\"{nominal:yyyy-MM-ddTHH:mm:ss.fffZ}\"", "Datetime");
        searchAttributes.IndexedFields["TemporalScheduledById"] = JsonPayload($"\"{schedule.ScheduleId}\"", "Keyword");
        var request = new StartWorkflowExecutionRequest
        {
            Namespace = schedule.Namespace,
            WorkflowId = workflowId,
            WorkflowType = action.WorkflowType,
            TaskQueue = action.TaskQueue,
            Input = action.Input,
            WorkflowExecutionTimeout = action.WorkflowExecutionTimeout,
            WorkflowRunTimeout = action.WorkflowRunTimeout,
            WorkflowTaskTimeout = action.WorkflowTaskTimeout,
            Identity = "temporal-schedule",
            RequestId = Guid.NewGuid().ToString(),
            RetryPolicy = action.RetryPolicy,
            Memo = action.Memo,
            SearchAttributes = searchAttributes,
            Header = action.Header,
            WorkflowIdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate,
        };
        var result = new ScheduleActionResult
        {
            ScheduleTime = Timestamp.FromDateTime(nominal),
            ActualTime = Timestamp.FromDateTime(actual),
        };
        try
        {
            var outcome = StartWorkflowLocked(request, signal: null);
            result.StartWorkflowResult = new WorkflowExecution { WorkflowId = workflowId, RunId = outcome.RunId };
            result.StartWorkflowStatus = WorkflowExecutionStatus.Running;
            schedule.RunningWorkflows.Add(result.StartWorkflowResult);
        }
        catch (global::Grpc.Core.RpcException e)
        {
            _logger.LogWarning("Schedule {ScheduleId} could not start {WorkflowId}: {Reason}", schedule.ScheduleId, workflowId, e.Status.Detail);
            return;
        }
        schedule.ActionCount++;
        if (schedule.Schedule.State is { LimitedActions: true } state)
        {
            state.RemainingActions--;
        }
        schedule.RecentActions.Add(result);
        if (schedule.RecentActions.Count > RecentActionsKept)
        {
            schedule.RecentActions.RemoveAt(0);
        }
        _dirtySchedules.Add(schedule);
    }

    private static Payload JsonPayload(string json, string type)
    {
        var payload = new Payload { Data = ByteString.CopyFrom(Encoding.UTF8.GetBytes(json)) };
        payload.Metadata["encoding"] = ByteString.CopyFromUtf8("json/plain");
        payload.Metadata["type"] = ByteString.CopyFromUtf8(type);
        return payload;
    }

    /// <summary>Drops closed workflows from the running list and records their final status in recent actions.</summary>
    private void RefreshRunning(ScheduleEntry schedule)
    {
        schedule.RunningWorkflows.RemoveAll(execution => FindTarget(schedule.Namespace, execution) is not { IsRunning: true });
        foreach (var action in schedule.RecentActions)
        {
            if (action.StartWorkflowResult is { } execution
                && FindTarget(schedule.Namespace, new WorkflowExecution { WorkflowId = execution.WorkflowId, RunId = execution.RunId }) is { } run)
            {
                action.StartWorkflowStatus = run.Status;
            }
        }
    }

    /// <summary>When a scheduled workflow closes, the next buffered start (if any) begins.</summary>
    private void OnRunClosed(ExecutionState ex)
    {
        foreach (var schedule in _schedules.Values.Where(s => s.Namespace == ex.Namespace
            && s.RunningWorkflows.Any(r => r.WorkflowId == ex.WorkflowId && r.RunId == ex.RunId)).ToList())
        {
            RefreshRunning(schedule);
            _dirtySchedules.Add(schedule);
            if (schedule.RunningWorkflows.Count == 0 && schedule.Buffered.Count > 0)
            {
                var next = schedule.Buffered[0];
                schedule.Buffered.RemoveAt(0);
                _afterCommands.Add(() => StartScheduledWorkflow(schedule, next.NominalTime, Now));
            }
        }
    }
}
