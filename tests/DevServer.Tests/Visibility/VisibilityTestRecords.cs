using System.Text;
using CoderBootstrap.DevServer.Visibility;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Tests.Visibility;

/// <summary>Four runs with system fields and custom search attributes encoded as the SDK encodes them.</summary>
internal static class VisibilityTestRecords
{
    public static readonly VisibilityRecord RunningBackup = new(
        "wf-a",
        "run-1",
        "BackupWorkflow",
        WorkflowExecutionStatus.Running,
        Utc("2024-01-01T10:00:00Z"),
        Utc("2024-01-01T10:00:00Z"),
        null,
        "main",
        new Dictionary<string, Payload>
        {
            ["CustomKeyword"] = Attribute("\"alpha\"", "Keyword"),
            ["CustomInt"] = Attribute("5", "Int"),
            ["CustomBool"] = Attribute("true", "Bool"),
            ["CustomDatetime"] = Attribute("\"2024-02-01T00:00:00Z\"", "Datetime"),
            ["CustomList"] = Attribute("[\"x\",\"y\"]", "KeywordList"),
            ["CustomText"] = Attribute("\"hello big world\"", "Text"),
        });

    public static readonly VisibilityRecord CompletedCost = new(
        "wf-b",
        "run-2",
        "CostWorkflow",
        WorkflowExecutionStatus.Completed,
        Utc("2024-01-02T10:00:00Z"),
        Utc("2024-01-02T10:30:00Z"),
        Utc("2024-01-02T11:00:00Z"),
        "main",
        new Dictionary<string, Payload>
        {
            ["CustomKeyword"] = Attribute("\"beta\"", "Keyword"),
            ["CustomInt"] = Attribute("10", "Int"),
            ["CustomDouble"] = Attribute("2.5", null),
        });

    public static readonly VisibilityRecord FailedBackup = new(
        "backup-c",
        "run-3",
        "BackupWorkflow",
        WorkflowExecutionStatus.Failed,
        Utc("2024-01-03T10:00:00Z"),
        Utc("2024-01-03T10:00:00Z"),
        Utc("2024-01-03T12:00:00Z"),
        "other",
        new Dictionary<string, Payload>());

    public static readonly VisibilityRecord ContinuedCost = new(
        "wf-d",
        "run-4",
        "CostWorkflow",
        WorkflowExecutionStatus.ContinuedAsNew,
        Utc("2024-01-04T10:00:00Z"),
        Utc("2024-01-04T10:00:00Z"),
        Utc("2024-01-04T10:05:00Z"),
        "main",
        new Dictionary<string, Payload>
        {
            ["CustomKeyword"] = Attribute("\"gamma\"", "Keyword"),
        });

    public static readonly IReadOnlyList<VisibilityRecord> All = [RunningBackup, CompletedCost, FailedBackup, ContinuedCost];

    /// <summary>Run ids of the records the query lists, in list order.</summary>
    public static string ListedRunIds(string? query) =>
        string.Join(",", VisibilityQueryParser.Parse(query).Apply(All).Select(record => record.RunId));

    public static Payload Attribute(string json, string? type)
    {
        var payload = new Payload { Data = ByteString.CopyFrom(json, Encoding.UTF8) };
        payload.Metadata["encoding"] = ByteString.CopyFromUtf8("json/plain");
        if (type is not null)
        {
            payload.Metadata["type"] = ByteString.CopyFromUtf8(type);
        }

        return payload;
    }

    private static DateTime Utc(string text) => DateTime.Parse(text, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
}
