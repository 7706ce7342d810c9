using Temporalio.Api.Common.V1;
using Temporalio.Api.Schedule.V1;

namespace CoderBootstrap.DevServer.Engine;

/// <summary>A schedule and its running state (what it did, what is buffered, where it stopped).</summary>
public sealed class ScheduleEntry
{
    public string Namespace { get; set; } = string.Empty;
    public string ScheduleId { get; set; } = string.Empty;
    public Schedule Schedule { get; set; } = new();
    public Memo? Memo { get; set; }
    public SearchAttributes? SearchAttributes { get; set; }
    public DateTime CreateTime { get; set; }
    public DateTime? UpdateTime { get; set; }

    /// <summary>Action times up to here have been handled (taken, skipped or missed).</summary>
    public DateTime LastProcessedTime { get; set; }

    public long ActionCount { get; set; }
    public long MissedCatchupWindow { get; set; }
    public long OverlapSkipped { get; set; }
    public long BufferDropped { get; set; }
    public List<BufferedScheduleStart> Buffered { get; set; } = [];
    public List<WorkflowExecution> RunningWorkflows { get; set; } = [];
    public List<ScheduleActionResult> RecentActions { get; set; } = [];
    public long ConflictToken { get; set; } = 1;
}

public sealed class BufferedScheduleStart
{
    public DateTime NominalTime { get; set; }
    public DateTime ActualTime { get; set; }
    public Temporalio.Api.Enums.V1.ScheduleOverlapPolicy OverlapPolicy { get; set; }
    public bool Manual { get; set; }
}
