namespace CoderBootstrap.Workflows.Tests.Retry;

/// <summary>Against a configured server, the Temporal UI links of the Starter come from TEMPORAL_UI_URL, and only from it.</summary>
public sealed class StarterUiLinkTests(CloudFixture cloud) : IClassFixture<CloudFixture>
{
    [Fact]
    public async Task StatusLinksEachRunToItsHistoryUnderTemporalUiUrl()
    {
        var plan = new SetupInput("staging", DryRun: true);
        var setup = await cloud.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(plan),
            new(WorkflowNames.Setup("staging"), WorkflowNames.TaskQueue));
        await setup.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(2));

        var (withoutCode, without, _) = await cloud.StarterAsync("status", "--env=staging");
        cloud.Variables["TEMPORAL_UI_URL"] = "https://temporal.example.com:8443/";
        var (code, output, error) = await cloud.StarterAsync("status", "--env=staging");

        Assert.Equal(0, withoutCode);
        Assert.DoesNotContain("Temporal UI:", without, StringComparison.Ordinal);
        Assert.True(code == 0, error);
        Assert.Contains($"  Temporal UI: https://temporal.example.com:8443/namespaces/default/workflows/setup-staging/{setup.ResultRunId}/history", output, StringComparison.Ordinal);
    }
}
