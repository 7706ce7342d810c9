using CoderBootstrap.DevServer.Visibility;
using static CoderBootstrap.DevServer.Tests.Visibility.VisibilityTestRecords;

namespace CoderBootstrap.DevServer.Tests.Visibility;

public class VisibilityQueryOrderTests
{
    [Theory]
    [InlineData("ORDER BY StartTime ASC", "run-1,run-2,run-3,run-4")]
    [InlineData("ORDER BY StartTime", "run-1,run-2,run-3,run-4")]
    [InlineData("order by StartTime desc", "run-4,run-3,run-2,run-1")]
    [InlineData("ORDER BY WorkflowType ASC, StartTime DESC", "run-3,run-1,run-4,run-2")]
    [InlineData("ORDER BY CloseTime DESC", "run-4,run-3,run-2,run-1")]
    [InlineData("ORDER BY CloseTime ASC", "run-1,run-2,run-3,run-4")]
    [InlineData("ORDER BY CustomInt DESC", "run-2,run-1,run-3,run-4")]
    [InlineData("TaskQueue = 'main' ORDER BY ExecutionTime DESC", "run-4,run-2,run-1")]
    [InlineData("ORDER BY `WorkflowId`", "run-3,run-1,run-2,run-4")]
    public void OrderByKeysSortTheListedRuns(string query, string expected) =>
        Assert.Equal(expected, ListedRunIds(query));

    [Fact]
    public void EqualSortKeysKeepTheInputOrder()
    {
        var query = VisibilityQueryParser.Parse("ORDER BY TaskQueue");

        var listed = query.Apply([CompletedCost, RunningBackup, ContinuedCost]).Select(record => record.RunId);

        Assert.Equal(["run-2", "run-1", "run-4"], listed);
    }

    [Fact]
    public void QueryWithoutOrderByReportsTheDefaultOrder()
    {
        var query = VisibilityQueryParser.Parse("WorkflowId = 'x'");

        Assert.False(query.HasExplicitOrder);
        Assert.Equal(VisibilityQuery.DefaultOrder, query.OrderBy);
    }

    [Fact]
    public void QueryWithOrderByReportsItsKeys()
    {
        var query = VisibilityQueryParser.Parse("ORDER BY WorkflowType, CloseTime DESC");

        Assert.True(query.HasExplicitOrder);
        Assert.Equal([new VisibilityOrderKey("WorkflowType", false), new VisibilityOrderKey("CloseTime", true)], query.OrderBy);
    }
}
