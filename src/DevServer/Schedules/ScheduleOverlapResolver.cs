using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Schedules;

/// <summary>
/// Overlap handling for schedules, as the Temporal server applies it each time it processes the
/// buffer of due starts. Only one run started by the schedule is "the running run" (AllowAll runs are
/// not tracked); every non-AllowAll start either becomes it, waits for it, or is dropped:
/// <list type="bullet">
/// <item><b>Skip</b> (default when unspecified): if a run is in the way, drop the start.</item>
/// <item><b>BufferOne</b>: keep at most one start waiting; later ones are dropped.</item>
/// <item><b>BufferAll</b>: keep every start waiting; they run one after another.</item>
/// <item><b>CancelOther</b>: request cancellation of the running run and start the new one once it
/// has closed; if nothing is running yet it replaces the start that was about to launch.</item>
/// <item><b>TerminateOther</b>: the same with termination.</item>
/// <item><b>AllowAll</b>: start immediately, concurrently with anything.</item>
/// </list>
/// The caller starts <see cref="ScheduleBufferResolution.StartConcurrently"/> and
/// <see cref="ScheduleBufferResolution.StartNow"/>, performs the cancel/terminate, keeps
/// <see cref="ScheduleBufferResolution.RemainingBuffer"/>, and runs the resolver again when the
/// running run closes.
/// </summary>
public static class ScheduleOverlapResolver
{
    /// <summary>The policy a start follows: its own, else the schedule's, else Skip.</summary>
    public static ScheduleOverlapPolicy ResolvePolicy(ScheduleOverlapPolicy startPolicy, ScheduleOverlapPolicy schedulePolicy)
    {
        if (startPolicy != ScheduleOverlapPolicy.Unspecified)
        {
            return startPolicy;
        }

        return schedulePolicy != ScheduleOverlapPolicy.Unspecified ? schedulePolicy : ScheduleOverlapPolicy.Skip;
    }

    /// <summary>Decides what to do with the buffered starts (in due order) given whether the schedule's run is still open.</summary>
    public static ScheduleBufferResolution ResolveBuffer(
        IReadOnlyList<BufferedScheduleStart> buffer,
        bool previousRunStillRunning,
        ScheduleOverlapPolicy schedulePolicy)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var concurrent = new List<BufferedScheduleStart>();
        var remaining = new List<BufferedScheduleStart>();
        BufferedScheduleStart? startNow = null;
        var cancel = false;
        var terminate = false;
        var skipped = 0;

        foreach (var start in buffer)
        {
            var policy = ResolvePolicy(start.OverlapPolicy, schedulePolicy);
            if (policy == ScheduleOverlapPolicy.AllowAll)
            {
                concurrent.Add(start);
                continue;
            }

            if (!previousRunStillRunning && startNow is null)
            {
                startNow = start;
                continue;
            }

            switch (policy)
            {
                case ScheduleOverlapPolicy.BufferOne:
                    if (remaining.Count == 0)
                    {
                        remaining.Add(start);
                    }
                    else
                    {
                        skipped++;
                    }

                    break;
                case ScheduleOverlapPolicy.BufferAll:
                    remaining.Add(start);
                    break;
                case ScheduleOverlapPolicy.CancelOther when previousRunStillRunning:
                    cancel = true;
                    remaining.Add(start);
                    break;
                case ScheduleOverlapPolicy.TerminateOther when previousRunStillRunning:
                    terminate = true;
                    remaining.Add(start);
                    break;
                case ScheduleOverlapPolicy.CancelOther:
                case ScheduleOverlapPolicy.TerminateOther:
                    // Nothing runs yet: the newer start supersedes the one that was about to launch.
                    startNow = start;
                    break;
                default:
                    skipped++;
                    break;
            }
        }

        if (cancel || terminate)
        {
            // Concurrent starts would be cancelled or terminated along with the running run.
            concurrent.Clear();
        }

        return new ScheduleBufferResolution(concurrent, startNow, remaining, cancel && !terminate, terminate, skipped);
    }

    /// <summary>
    /// What happens to one new action arriving behind <paramref name="alreadyBuffered"/> waiting
    /// starts of the same policy.
    /// </summary>
    public static ScheduleOverlapDecision Decide(ScheduleOverlapPolicy policy, bool previousRunStillRunning, int alreadyBuffered)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(alreadyBuffered);
        var resolvedPolicy = ResolvePolicy(policy, ScheduleOverlapPolicy.Unspecified);
        var waiting = Enumerable.Range(0, alreadyBuffered)
            .Select(index => new BufferedScheduleStart(DateTime.UnixEpoch.AddSeconds(index), DateTime.UnixEpoch.AddSeconds(index), resolvedPolicy, false));
        var incoming = new BufferedScheduleStart(DateTime.MaxValue, DateTime.MaxValue, resolvedPolicy, false);
        var resolution = ResolveBuffer([.. waiting, incoming], previousRunStillRunning, resolvedPolicy);

        if (resolution.StartConcurrently.Contains(incoming))
        {
            return previousRunStillRunning ? ScheduleOverlapDecision.StartConcurrently : ScheduleOverlapDecision.StartNow;
        }

        if (ReferenceEquals(resolution.StartNow, incoming))
        {
            return ScheduleOverlapDecision.StartNow;
        }

        if (resolution.RemainingBuffer.Contains(incoming))
        {
            if (resolution.TerminateRunning)
            {
                return ScheduleOverlapDecision.TerminateRunningThenStart;
            }

            return resolution.CancelRunning ? ScheduleOverlapDecision.CancelRunningThenStart : ScheduleOverlapDecision.Buffer;
        }

        return ScheduleOverlapDecision.Skip;
    }
}
