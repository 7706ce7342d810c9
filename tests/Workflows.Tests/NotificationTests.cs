using System.Net.Http.Json;
using System.Text.Json;
using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>Lifecycle notifications end to end on the embedded server and the sandbox, through deploy/notifications.yaml and the sandbox's webhook receiver.</summary>
public sealed class NotificationTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public Task ADevSetupDeliversStartedAndCompletedToTheGenericJsonWebhook() => CloudFixture.WithOwnCloudAsync(async cloud =>
    {
        // Only the generic webhook is configured: team-slack's variable stays unset, so it is skipped.
        cloud.Variables["CODER_BOOTSTRAP_WEBHOOK_URL"] = cloud.Sandbox.AdminUrl + "/webhooks/ops";
        cloud.Variables["CODER_BOOTSTRAP_UI_URL"] = "http://ui.example";
        var input = new SetupInput("dev", RetryScale: cloud.Options.RetryIntervalScale);
        var handle = await cloud.Client.StartWorkflowAsync((SetupWorkflow w) => w.RunAsync(input),
            new(WorkflowNames.Setup("dev"), WorkflowNames.TaskQueue));
        var result = await handle.GetResultAsync().WaitAsync(RunTimeout);

        using var http = new HttpClient();
        var received = await http.GetFromJsonAsync<JsonElement>(cloud.Sandbox.AdminUrl + "/webhooks/ops");
        var bodies = received.GetProperty("deliveries").EnumerateArray().Select(d => JsonDocument.Parse(d.GetProperty("body").GetString()!).RootElement).ToList();
        Assert.Equal(["setup.started", "setup.completed"], bodies.Select(b => b.GetProperty("event").GetString()));
        var completed = bodies[1];
        Assert.Equal("dev", completed.GetProperty("environment").GetString());
        Assert.Equal(handle.ResultRunId, completed.GetProperty("run_id").GetString());
        Assert.Equal($"http://ui.example/namespaces/default/workflows/setup-dev/{handle.ResultRunId}", completed.GetProperty("link").GetString());
        Assert.True(DateTimeOffset.TryParse(completed.GetProperty("time").GetString(), out _));
        Assert.Equal(result.CoderUrl, completed.GetProperty("details").GetProperty("coder url").GetString());
        Assert.Equal("application/json; charset=utf-8", received.GetProperty("deliveries")[0].GetProperty("content_type").GetString());
    });
}
