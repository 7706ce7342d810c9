using System.Globalization;
using System.Text.RegularExpressions;
using CoderBootstrap.DevServer.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Common;

namespace CoderBootstrap.DevServer.Tests.WebUi;

/// <summary>The real Temporal Web UI in headless chromium against the embedded server, as a person would use it.</summary>
public sealed class WebUiBrowserTests(BuiltWebUiFixture fixture) : IClassFixture<BuiltWebUiFixture>
{
    private static readonly SearchAttributeKey<string> Environment = SearchAttributeKey.CreateKeyword("Environment");

    [BrowserFact]
    public async Task WorkflowListFilteredByASearchAttributeShowsOnlyTheMatchingWorkflows()
    {
        var dev = await StartGreetingAsync("dev");
        var prod = await StartGreetingAsync("prod");
        await Task.WhenAll(dev.GetResultAsync(), prod.GetResultAsync());

        var page = await fixture.Browser.OpenAsync(fixture.PageUrl($"/namespaces/default/workflows?query={Uri.EscapeDataString("Environment = \"dev\"")}"));
        await BrowserSession.WaitForTextAsync(page, dev.Id);
        await BrowserSession.ScreenshotAsync(page, "workflow-list-environment-dev");

        Assert.DoesNotContain(prod.Id, await BrowserSession.TextAsync(page), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task RunPageShowsTheRunsHistory()
    {
        var run = await StartGreetingAsync("dev");
        await run.GetResultAsync();

        var page = await fixture.Browser.OpenAsync(fixture.PageUrl($"/namespaces/default/workflows/{run.Id}/{run.ResultRunId}/history"));
        await BrowserSession.WaitForTextAsync(page, run.Id, "Greet", "Completed");
        await BrowserSession.ScreenshotAsync(page, "run-history");

        var history = await run.FetchHistoryAsync();
        Assert.Equal(EventType.WorkflowExecutionCompleted, history.Events.Last().EventType);
    }

    [BrowserFact]
    public async Task PendingActivityTabShowsTheAttemptCountAndTheLastFailure()
    {
        var run = await fixture.Client.StartWorkflowAsync(
            (RetryingWorkflow wf) => wf.RunAsync(1_000_000, 0), new WorkflowOptions($"ui-retrying-{Guid.NewGuid():N}", fixture.TaskQueue));
        await WorkflowExecutionTests.WaitUntilAsync(async () => (await WorkflowExecutionTests.DescribeRawAsync(fixture.Client, run.Id)).PendingActivities.FirstOrDefault()?.Attempt >= 3);

        var page = await fixture.Browser.OpenAsync(fixture.PageUrl($"/namespaces/default/workflows/{run.Id}/{run.ResultRunId}/pending-activities"));
        await BrowserSession.WaitForTextAsync(page, "Flaky", "of Unlimited", "Last Failure");
        await BrowserSession.ClickButtonAsync(page, "Last Failure");
        await BrowserSession.WaitForTextAsync(page, "\"Transient\"");
        await BrowserSession.ScreenshotAsync(page, "pending-activity");

        var text = await BrowserSession.TextAsync(page);
        var shownAttempt = int.Parse(Regex.Match(text, @"(\d+) of Unlimited").Groups[1].Value, CultureInfo.InvariantCulture);
        var pending = (await WorkflowExecutionTests.DescribeRawAsync(fixture.Client, run.Id)).PendingActivities.Single();
        Assert.InRange(shownAttempt, 3, pending.Attempt);
        Assert.Matches(@"attempt \d+ failed", text);
        await run.TerminateAsync("test over");
    }

    [BrowserFact]
    public async Task QueriesTabAnswersAQueryOfTheRunningWorkflow()
    {
        var run = await fixture.Client.StartWorkflowAsync((SignalQueryWorkflow wf) => wf.RunAsync(), new WorkflowOptions($"ui-query-{Guid.NewGuid():N}", fixture.TaskQueue));
        await run.SignalAsync(wf => wf.AddAsync("first"));
        await run.SignalAsync(wf => wf.AddAsync("second"));
        Assert.Equal(2, await run.QueryAsync(wf => wf.Count));

        var page = await fixture.Browser.OpenAsync(fixture.PageUrl($"/namespaces/default/workflows/{run.Id}/{run.ResultRunId}/query"));
        await BrowserSession.WaitForTextAsync(page, "Query Type", "Run Query");
        await BrowserSession.ClickButtonAsync(page, "Run Query");
        var answer = await BrowserSession.TestIdTextAsync(page, "query-result");
        await BrowserSession.ScreenshotAsync(page, "query-tab");

        Assert.Equal("2", answer.Trim());
        await run.SignalAsync(wf => wf.FinishAsync());
    }

    private Task<WorkflowHandle<GreetingWorkflow, string>> StartGreetingAsync(string environment) =>
        fixture.Client.StartWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync(environment), new WorkflowOptions($"ui-{environment}-{Guid.NewGuid():N}", fixture.TaskQueue)
        {
            TypedSearchAttributes = new SearchAttributeCollection.Builder().Set(Environment, environment).ToSearchAttributeCollection(),
        });
}
