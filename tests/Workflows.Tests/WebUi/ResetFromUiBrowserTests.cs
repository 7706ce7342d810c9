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
            await BrowserSession.ClickButtonAsync(page, "Reset");
            await BrowserSession.WaitForTextAsync(page, "Reset Workflow", "Choose an Event to reset to");
            await ChooseResetEventAsync(page, afterPhase1);
            await page.TypeAsync("#reset-reason", "phase 2 fault removed");
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
            Assert.Empty(await admin.Phase1MutationsSinceAsync(since));
        }
        finally
        {
            await cloud.DisposeAsync();
        }
    }

    /// <summary>Opens the dialog's event select and picks the option "&lt;event id&gt; - WorkflowTaskCompleted".</summary>
    private static async Task ChooseResetEventAsync(IPage page, long eventId)
    {
        await page.ClickAsync("#reset-event-id");
        var chosen = await page.EvaluateFunctionAsync<string?>(
            """
            id => {
              const option = [...document.querySelectorAll('[role=option]')].find(o => o.innerText.trim().startsWith(id + ' - '));
              if (!option) return null;
              option.click();
              return option.innerText.trim();
            }
            """,
            eventId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal($"{eventId} - WorkflowTaskCompleted", chosen);
    }

    /// <summary>The dialog's Confirm button (enabled once an event is chosen).</summary>
    private static async Task ConfirmAsync(IPage page)
    {
        var clicked = await page.EvaluateFunctionAsync<bool>(
            """
            () => {
              const dialog = document.querySelector('[data-testid=reset-confirmation-modal]');
              const button = dialog && [...dialog.querySelectorAll('button')].find(b => b.innerText.trim() === 'Confirm' && !b.disabled);
              if (!button) return false;
              button.click();
              return true;
            }
            """);
        Assert.True(clicked, "the reset dialog has no enabled Confirm button");
    }
}
