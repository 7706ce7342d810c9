using CoderBootstrap.DevServer.Visibility;
using Temporalio.Api.Enums.V1;
using static CoderBootstrap.DevServer.Tests.Visibility.VisibilityTestRecords;

namespace CoderBootstrap.DevServer.Tests.Visibility;

public class VisibilityQueryFilterTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyQueryListsEveryRunNewestStartFirst(string? query) =>
        Assert.Equal("run-4,run-3,run-2,run-1", ListedRunIds(query));

    [Theory]
    [InlineData("WorkflowType = 'BackupWorkflow'", "run-3,run-1")]
    [InlineData("WorkflowType = \"CostWorkflow\"", "run-4,run-2")]
    [InlineData("WorkflowType != 'BackupWorkflow'", "run-4,run-2")]
    [InlineData("WorkflowType <> 'BackupWorkflow'", "run-4,run-2")]
    [InlineData("WorkflowId = 'wf-b'", "run-2")]
    [InlineData("RunId = 'run-3'", "run-3")]
    [InlineData("TaskQueue = 'other'", "run-3")]
    [InlineData("`WorkflowId` = 'wf-a'", "run-1")]
    [InlineData("workflowtype = 'BackupWorkflow'", "")]
    public void KeywordSystemAttributesCompareExactly(string query, string expected) =>
        Assert.Equal(expected, ListedRunIds(query));

    [Theory]
    [InlineData("ExecutionStatus = 'Running'", "run-1")]
    [InlineData("ExecutionStatus = 'Completed'", "run-2")]
    [InlineData("ExecutionStatus = 'Failed'", "run-3")]
    [InlineData("ExecutionStatus = 'ContinuedAsNew'", "run-4")]
    [InlineData("ExecutionStatus = 'WORKFLOW_EXECUTION_STATUS_RUNNING'", "run-1")]
    [InlineData("ExecutionStatus = 1", "run-1")]
    [InlineData("ExecutionStatus != 'Running'", "run-4,run-3,run-2")]
    [InlineData("ExecutionStatus IN ('Completed', 'Failed')", "run-3,run-2")]
    [InlineData("ExecutionStatus NOT IN ('Completed', 'Failed')", "run-4,run-1")]
    [InlineData("ExecutionStatus = 'Terminated'", "")]
    public void ExecutionStatusMatchesByTheNamesTheServerPrints(string query, string expected) =>
        Assert.Equal(expected, ListedRunIds(query));

    [Theory]
    [InlineData("StartTime > '2024-01-02T10:00:00Z'", "run-4,run-3")]
    [InlineData("StartTime >= '2024-01-02T10:00:00Z'", "run-4,run-3,run-2")]
    [InlineData("StartTime < '2024-01-02T10:00:00Z'", "run-1")]
    [InlineData("StartTime <= '2024-01-02T10:00:00Z'", "run-2,run-1")]
    [InlineData("StartTime = '2024-01-02T11:00:00+01:00'", "run-2")]
    [InlineData("StartTime != '2024-01-02T10:00:00Z'", "run-4,run-3,run-1")]
    [InlineData("StartTime BETWEEN '2024-01-02T10:00:00Z' AND '2024-01-03T10:00:00Z'", "run-3,run-2")]
    [InlineData("StartTime NOT BETWEEN '2024-01-02T10:00:00Z' AND '2024-01-03T10:00:00Z'", "run-4,run-1")]
    [InlineData("StartTime > '2024-01-02T09:59:59.999999999Z'", "run-4,run-3,run-2")]
    [InlineData("ExecutionTime > '2024-01-02T10:00:00Z'", "run-4,run-3,run-2")]
    [InlineData("CloseTime < '2024-01-03T00:00:00Z'", "run-2")]
    [InlineData("StartTime > 1704189600000000000", "run-4,run-3")]
    public void DatetimeAttributesCompareAsInstants(string query, string expected) =>
        Assert.Equal(expected, ListedRunIds(query));

    [Theory]
    [InlineData("CloseTime IS NULL", "run-1")]
    [InlineData("CloseTime IS NOT NULL", "run-4,run-3,run-2")]
    [InlineData("CustomDouble is null", "run-4,run-3,run-1")]
    public void IsNullSelectsRecordsWithoutAValue(string query, string expected) =>
        Assert.Equal(expected, ListedRunIds(query));

    [Theory]
    [InlineData("WorkflowId STARTS_WITH 'wf-'", "run-4,run-2,run-1")]
    [InlineData("WorkflowId NOT STARTS_WITH 'wf-'", "run-3")]
    [InlineData("WorkflowId IN ('wf-a', 'wf-d', 'missing')", "run-4,run-1")]
    [InlineData("WorkflowId NOT IN ('wf-a', 'wf-d')", "run-3,run-2")]
    [InlineData("WorkflowId > 'wf-b'", "run-4")]
    [InlineData("WorkflowId BETWEEN 'wf-a' AND 'wf-b'", "run-2,run-1")]
    public void KeywordAttributesSupportPrefixListAndRangeOperators(string query, string expected) =>
        Assert.Equal(expected, ListedRunIds(query));

    [Theory]
    [InlineData("WorkflowType = 'BackupWorkflow' AND ExecutionStatus = 'Running'", "run-1")]
    [InlineData("WorkflowType = 'BackupWorkflow' OR ExecutionStatus = 'Completed'", "run-3,run-2,run-1")]
    [InlineData("WorkflowId = 'wf-a' OR WorkflowId = 'wf-b' AND ExecutionStatus = 'Running'", "run-1")]
    [InlineData("(WorkflowId = 'wf-a' OR WorkflowId = 'wf-b') AND ExecutionStatus = 'Completed'", "run-2")]
    [InlineData("NOT WorkflowType = 'BackupWorkflow'", "run-4,run-2")]
    [InlineData("NOT (WorkflowType = 'BackupWorkflow' OR TaskQueue = 'main')", "")]
    [InlineData("NOT WorkflowId = 'wf-a' AND TaskQueue = 'main'", "run-4,run-2")]
    [InlineData("workflowtype = 'x' or WorkflowId = 'wf-a'", "run-1")]
    [InlineData("StartTime BETWEEN '2024-01-01T00:00:00Z' AND '2024-01-02T23:00:00Z' AND TaskQueue = 'main'", "run-2,run-1")]
    public void LogicalOperatorsFollowSqlPrecedence(string query, string expected) =>
        Assert.Equal(expected, ListedRunIds(query));

    [Theory]
    [InlineData("CustomKeyword = 'alpha'", "run-1")]
    [InlineData("CustomKeyword != 'alpha'", "run-4,run-2")]
    [InlineData("CustomKeyword STARTS_WITH 'g'", "run-4")]
    [InlineData("CustomInt > 6", "run-2")]
    [InlineData("CustomInt = 5.0", "run-1")]
    [InlineData("CustomInt BETWEEN 1 AND 10", "run-2,run-1")]
    [InlineData("CustomInt > -1", "run-2,run-1")]
    [InlineData("CustomDouble < 3", "run-2")]
    [InlineData("CustomBool = true", "run-1")]
    [InlineData("CustomBool = FALSE", "")]
    [InlineData("CustomDatetime > '2024-01-15T00:00:00Z'", "run-1")]
    [InlineData("CustomList = 'y'", "run-1")]
    [InlineData("CustomList IN ('q', 'x')", "run-1")]
    [InlineData("CustomList NOT IN ('q')", "run-1")]
    [InlineData("CustomText = 'World'", "run-1")]
    [InlineData("CustomText = 'wor'", "")]
    [InlineData("CustomMissing = 'x'", "")]
    public void CustomSearchAttributesAreDecodedFromTheirPayloads(string query, string expected) =>
        Assert.Equal(expected, ListedRunIds(query));

    [Theory]
    [InlineData("NOT CustomKeyword = 'alpha'", "run-4,run-2")]
    [InlineData("CustomKeyword = 'alpha' OR NOT CustomKeyword = 'alpha'", "run-4,run-2,run-1")]
    [InlineData("CustomInt = 'five'", "")]
    public void MissingOrMismatchedCustomValuesAreUnknownNotFalse(string query, string expected) =>
        Assert.Equal(expected, ListedRunIds(query));

    [Fact]
    public void MatchesAgreesWithTheFilterForASingleRecord()
    {
        var query = VisibilityQueryParser.Parse("ExecutionStatus = 'Running' AND WorkflowId = 'wf-a'");

        Assert.True(query.Matches(RunningBackup));
        Assert.False(query.Matches(CompletedCost));
    }

    [Fact]
    public void UnspecifiedKindTimesAreReadAsUtc()
    {
        var record = RunningBackup with { StartTime = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Unspecified) };

        Assert.True(VisibilityQueryParser.Parse("StartTime = '2024-05-01T12:00:00Z'").Matches(record));
    }

    [Fact]
    public void RegisteredAttributeTypesOverridePayloadInference()
    {
        var registry = new Dictionary<string, IndexedValueType> { ["CustomDouble"] = IndexedValueType.Double };
        var record = CompletedCost with
        {
            SearchAttributes = new Dictionary<string, Temporalio.Api.Common.V1.Payload> { ["CustomDouble"] = Attribute("3", null) },
        };

        Assert.True(VisibilityQueryParser.Parse("CustomDouble = 3.0", registry).Matches(record));
    }
}
