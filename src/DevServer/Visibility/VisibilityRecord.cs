using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Visibility;

/// <summary>
/// The visibility view of one workflow run: what list and count queries filter and sort on.
/// Times are UTC (unspecified kinds are read as UTC). Search attribute payloads are encoded the way
/// the SDK sends them (JSON data, with the value type in the <c>type</c> metadata entry).
/// </summary>
public sealed record VisibilityRecord(
    string WorkflowId,
    string RunId,
    string WorkflowType,
    WorkflowExecutionStatus Status,
    DateTime StartTime,
    DateTime ExecutionTime,
    DateTime? CloseTime,
    string TaskQueue,
    IReadOnlyDictionary<string, Payload> SearchAttributes);
