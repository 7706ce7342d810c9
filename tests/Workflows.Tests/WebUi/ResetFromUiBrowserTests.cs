using CoderBootstrap.DevServer.Http;
using CoderBootstrap.DevServer.Tests.WebUi;
using CoderBootstrap.Workflows.Tests.Retry;
using PuppeteerSharp;
using Temporalio.Api.Enums.V1;

namespace CoderBootstrap.Workflows.Tests.WebUi;

/// <summary>
/// Retrying a failed setup from the real Temporal Web UI in headless chromium, as a person would: the
/// run's page, Reset, the workflow task after phase 1, Confirm. Screenshots go to TestResults/webui-screenshots.
/// </summary>
public sealed class ResetFromUiBrowserTests
{
    [BrowserFact]
    public async Task ResetOfAFailedSetupToTheTaskAfterPhase1CompletesWithoutAnyPhase1MutatingCall()
    {
        var site = await WebUiBuild.EnsureBuiltAsync(WebUiBuild.DefaultSourceDirectory, WebUiBuild.DefaultCacheDirectory);
        var cloud = new CloudFixture { WebUiSite = site };
        await cloud.InitializeAsync();
        try
        {
            await using var browser = await BrowserSession.LaunchAsync();
            using var admin = new SandboxAdmin(cloud.Sandbox.AdminUrl);
            var failedRun = await StarterRetryTests.FailSetupInPhase2Async(cloud, admin);
            var afterPhase1 = StarterRetryTests.WorkflowTaskAfterPhase1(await StarterRetryTests.HistoryAsync(cloud, failedRun));
            var since = await admin.LastSequenceAsync();
            var setup = cloud.Client.GetWorkflowHandle(WorkflowNames.Setup("dev"));

            var page = await browser.OpenAsync($"{cloud.Server.UiAddress}/namespaces/default/workflows/{setup.Id}/{failedRun}/history");
            await BrowserSession.WaitForTextAsync(page, setup.Id, "Failed", "Reset");
            await BrowserSession.ScreenshotAsync(page, "reset-failed-setup");
            // The primary action of a closed run's "Workflow Actions" split button is Reset.
            await ClickVisibleAsync(page, "#workflow-actions-primary-button");
            await BrowserSession.WaitForTextAsync(page, "Reset Workflow", "Choose an Event to reset to");
            await ChooseResetEventAsync(page, afterPhase1);
            await ClickVisibleAsync(page, "#reset-reason");
            await page.Keyboard.TypeAsync("phase 2 fault removed");
            await BrowserSession.ScreenshotAsync(page, "reset-modal-after-phase1");
            await ConfirmAsync(page);

            // The page says the run was reset and links to the new run; the server has that run, and it completes.
            await BrowserSession.WaitForTextAsync(page, "This Workflow has been reset");
            await BrowserSession.ScreenshotAsync(page, "reset-done");
            var newRun = (await setup.DescribeAsync()).RunId;
            Assert.NotEqual(failedRun, newRun);
            var links = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('a')].map(a => a.href)");
            Assert.Contains(links, href => href.Contains($"/workflows/{setup.Id}/{newRun}", StringComparison.Ordinal));
            var result = await cloud.Client.GetWorkflowHandle<SetupWorkflow, SetupResult>(setup.Id, newRun).GetResultAsync().WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal("completed", result.Outcome);

            var newPage = await browser.OpenAsync($"{cloud.Server.UiAddress}/namespaces/default/workflows/{setup.Id}/{newRun}/history");
            await BrowserSession.WaitForTextAsync(newPage, newRun, "Completed");
            await BrowserSession.ScreenshotAsync(newPage, "reset-new-run-completed");
            Assert.Equal(WorkflowExecutionStatus.Completed, (await setup.DescribeAsync()).Status);
            Assert.Equal(afterPhase1, StarterRetryTests.ResetPoint(await StarterRetryTests.HistoryAsync(cloud, newRun)).EventId);
            Assert.Empty(await admin.Phase1MutationsSinceAsync(since));
        }
        finally
        {
            await cloud.DisposeAsync();
        }
    }

    /// <summary>A mouse click on the element of this selector that is on screen (the layout keeps hidden copies of some).</summary>
    private static async Task ClickVisibleAsync(IPage page, string selector)
    {
        var elements = await page.QuerySelectorAllAsync(selector);
        foreach (var element in elements)
        {
            if (await element.BoundingBoxAsync() is { Width: > 0, Height: > 0 })
            {
                await element.ClickAsync();
                return;
            }
        }
        Assert.Fail($"none of the {elements.Length} elements '{selector}' on {page.Url} is visible");
    }

    /// <summary>Opens the dialog's event select and picks the option "&lt;event id&gt; - WorkflowTaskCompleted".</summary>
    private static async Task ChooseResetEventAsync(IPage page, long eventId)
    {
        await ClickVisibleAsync(page, "#reset-event-id");
        string? chosen = null;
        foreach (var option in await page.QuerySelectorAllAsync("[role=option]"))
        {
            var text = (await option.EvaluateFunctionAsync<string>("o => o.innerText")).Trim();
            if (!text.StartsWith($"{eventId} - ", StringComparison.Ordinal))
            {
                continue;
            }
            // The menu scrolls (16rem high): bring the option into it; copies of the menu that are not shown have no box.
            await option.EvaluateFunctionAsync("o => o.scrollIntoView({ block: 'center' })");
            if (await option.BoundingBoxAsync() is { Width: > 0, Height: > 0 })
            {
                await option.ClickAsync();
                chosen = text;
                break;
            }
        }
        Assert.Equal($"{eventId} - WorkflowTaskCompleted", chosen);
    }

    /// <summary>The shown dialog's Confirm button (enabled once an event is chosen), clicked with the mouse.</summary>
    private static async Task ConfirmAsync(IPage page)
    {
        foreach (var button in await page.QuerySelectorAllAsync("[data-testid=reset-confirmation-modal] button"))
        {
            var (text, disabled) = (await button.EvaluateFunctionAsync<string>("b => b.innerText.trim()"), await button.EvaluateFunctionAsync<bool>("b => b.disabled"));
            if (text == "Confirm" && !disabled && await button.BoundingBoxAsync() is { Width: > 0, Height: > 0 })
            {
                await button.ClickAsync();
                return;
            }
        }
        Assert.Fail("the reset dialog shows no enabled Confirm button");
    }
}
