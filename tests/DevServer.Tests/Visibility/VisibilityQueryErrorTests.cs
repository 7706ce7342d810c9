using CoderBootstrap.DevServer.Visibility;
using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.DevServer.Tests.Visibility;

public class VisibilityQueryErrorTests
{
    [Theory]
    [InlineData("WorkflowId =")]
    [InlineData("WorkflowId = 'a' AND")]
    [InlineData("(WorkflowId = 'a'")]
    [InlineData("WorkflowId = 'a')")]
    [InlineData("WorkflowId = 'unterminated")]
    [InlineData("WorkflowId == 'a'")]
    [InlineData("WorkflowId = 'a' ORDER StartTime")]
    [InlineData("WorkflowId IN 'a'")]
    [InlineData("StartTime BETWEEN '2024-01-01T00:00:00Z' '2024-01-02T00:00:00Z'")]
    [InlineData("WorkflowId = 'a' WorkflowType = 'b'")]
    [InlineData("WorkflowId ~ 'a'")]
    [InlineData("ORDER BY")]
    public void MalformedQueriesAreRejectedAsMalformedSql(string query)
    {
        var error = Assert.Throws<VisibilityQueryException>(() => VisibilityQueryParser.Parse(query));

        Assert.StartsWith("invalid query: malformed SQL query: syntax error at position", error.Message);
    }

    [Theory]
    [InlineData("ExecutionStatus = 'Bogus'", "invalid query: invalid expression: invalid ExecutionStatus value 'Bogus'")]
    [InlineData("ExecutionStatus = 'running'", "invalid query: invalid expression: invalid ExecutionStatus value 'running'")]
    [InlineData("StartTime > 'yesterday'", "invalid query: invalid expression: unable to parse datetime 'yesterday'")]
    [InlineData("StartTime > '2024-01-01'", "invalid query: invalid expression: unable to parse datetime '2024-01-01'")]
    [InlineData("StartTime STARTS_WITH '2024'", "invalid query: operation is not supported: operator 'STARTS_WITH' not supported for Datetime type search attribute 'StartTime'")]
    [InlineData("WorkflowId = 5", "invalid query: invalid expression: invalid value type for search attribute WorkflowId of type Keyword: 5 (type: int64)")]
    [InlineData("WorkflowId = wf", "invalid query: operation is not supported: column name on the right side of comparison expression (did you forget to quote \"wf\"?)")]
    [InlineData("CloseTime IS 'x'", "invalid query: invalid expression: 'IS' operator can only be used as 'IS NULL' or 'IS NOT NULL'")]
    [InlineData("WorkflowId", "invalid query: invalid expression: incomplete expression")]
    [InlineData("WorkflowId = 'a' LIMIT 5", "invalid query: operation is not supported: 'LIMIT' clause")]
    [InlineData("GROUP BY ExecutionStatus", "invalid query: operation is not supported: 'GROUP BY' clause")]
    public void InvalidExpressionsGetTheServersMessage(string query, string expectedMessage)
    {
        var error = Assert.Throws<VisibilityQueryException>(() => VisibilityQueryParser.Parse(query));

        Assert.Equal(expectedMessage, error.Message);
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("NOT ", "")]
    public void DeeplyNestedQueriesAreRejectedInsteadOfExhaustingTheStack(string opening, string closing)
    {
        var query = string.Concat(Enumerable.Repeat(opening, 100_000)) + "WorkflowId = 'a'" + string.Concat(Enumerable.Repeat(closing, 100_000));

        var error = Assert.Throws<VisibilityQueryException>(() => VisibilityQueryParser.Parse(query));

        Assert.StartsWith("invalid query: malformed SQL query:", error.Message);
    }

    [Fact]
    public void LongConditionChainsAreEvaluatedWithoutDeepRecursion()
    {
        var query = string.Join(" OR ", Enumerable.Range(0, 50_000).Select(index => $"WorkflowId = 'id-{index}'")) + " OR WorkflowId = 'wf-a'";

        Assert.True(VisibilityQueryParser.Parse(query).Matches(VisibilityTestRecords.RunningBackup));
    }

    [Fact]
    public void ModeratelyNestedQueriesAreAccepted()
    {
        var query = string.Concat(Enumerable.Repeat("(", 100)) + "WorkflowId = 'wf-a'" + string.Concat(Enumerable.Repeat(")", 100));

        Assert.True(VisibilityQueryParser.Parse(query).Matches(VisibilityTestRecords.RunningBackup));
    }

    [Fact]
    public void UnregisteredCustomAttributeIsRejectedWhenARegistryIsGiven()
    {
        var registry = new Dictionary<string, IndexedValueType> { ["CustomKeyword"] = IndexedValueType.Keyword };

        var error = Assert.Throws<VisibilityQueryException>(() => VisibilityQueryParser.Parse("Unknown = 'x'", registry));

        Assert.Equal("invalid query: invalid search attribute: Unknown", error.Message);
    }

    [Fact]
    public void ServerDefinedAttributesAreAcceptedAlongsideARegistry()
    {
        var registry = new Dictionary<string, IndexedValueType>();
        var record = VisibilityTestRecords.RunningBackup with
        {
            SearchAttributes = new Dictionary<string, Temporalio.Api.Common.V1.Payload>
            {
                ["TemporalScheduledById"] = VisibilityTestRecords.Attribute("\"nightly-backup\"", null),
            },
        };

        var query = VisibilityQueryParser.Parse("TemporalScheduledById = 'nightly-backup' AND HistoryLength IS NULL", registry);

        Assert.True(query.Matches(record));
    }

    [Theory]
    [InlineData("CustomBool BETWEEN true AND false", "invalid query: invalid expression: cannot do range condition on search attribute 'CustomBool' of type Bool")]
    [InlineData("CustomText STARTS_WITH 'he'", "invalid query: operation is not supported: operator 'STARTS_WITH' not supported for Text type search attribute 'CustomText'")]
    [InlineData("CustomList > 'a'", "invalid query: operation is not supported: operator '>' not supported for KeywordList type search attribute 'CustomList'")]
    [InlineData("CustomInt = 'five'", "invalid query: invalid expression: invalid value type for search attribute CustomInt of type Int: \"five\" (type: string)")]
    [InlineData("CustomText = '  '", "invalid query: invalid expression: no tokens found filtering on Text type search attribute CustomText")]
    [InlineData("ORDER BY CustomText", "invalid query: operation is not supported: unable to sort by search attribute type Text")]
    public void RegisteredAttributeTypesAreEnforcedWhileParsing(string query, string expectedMessage)
    {
        var registry = new Dictionary<string, IndexedValueType>
        {
            ["CustomBool"] = IndexedValueType.Bool,
            ["CustomText"] = IndexedValueType.Text,
            ["CustomList"] = IndexedValueType.KeywordList,
            ["CustomInt"] = IndexedValueType.Int,
        };

        var error = Assert.Throws<VisibilityQueryException>(() => VisibilityQueryParser.Parse(query, registry));

        Assert.Equal(expectedMessage, error.Message);
    }

    [Fact]
    public void SyntaxErrorNamesThePositionAndTokenWhereParsingStopped()
    {
        var error = Assert.Throws<VisibilityQueryException>(() => VisibilityQueryParser.Parse("WorkflowId = 'a' AND AND"));

        Assert.Equal("invalid query: malformed SQL query: syntax error at position 24 near 'AND'", error.Message);
    }

    [Theory]
    [InlineData("WorkflowId = 'it''s'", "it's")]
    [InlineData("WorkflowId = 'it\\'s'", "it's")]
    [InlineData("WorkflowId = \"say \"\"hi\"\"\"", "say \"hi\"")]
    public void QuotedStringsUnescapeDoubledAndBackslashedQuotes(string query, string workflowId)
    {
        var record = VisibilityTestRecords.RunningBackup with { WorkflowId = workflowId };

        Assert.True(VisibilityQueryParser.Parse(query).Matches(record));
    }
}
