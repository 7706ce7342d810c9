using System.Net;
using System.Text;
using System.Text.Json;
using CoderBootstrap.DevServer.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace CoderBootstrap.DevServer.Tests.WebUi;

/// <summary>The HTTP API the Web UI calls, end to end against the embedded server.</summary>
public sealed class HttpGatewayTests(WebUiServerFixture fixture) : IClassFixture<WebUiServerFixture>
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task SettingsDocumentHasThePascalCaseKeysTheUiReads()
    {
        using var settings = await GetJsonAsync("/api/v1/settings");

        Assert.False(settings.RootElement.GetProperty("Auth").GetProperty("Enabled").GetBoolean());
        Assert.Equal("default", settings.RootElement.GetProperty("DefaultNamespace").GetString());
        Assert.False(settings.RootElement.GetProperty("DisableWriteActions").GetBoolean());
        Assert.Equal(UiPackageVersion(), settings.RootElement.GetProperty("Version").GetString());
    }

    [Fact]
    public async Task ListedWorkflowComesBackAsProtobufJsonWithItsStatusByName()
    {
        var id = $"http-list-{Guid.NewGuid():N}";
        await fixture.Client.StartWorkflowAsync((SignalQueryWorkflow wf) => wf.RunAsync(), new WorkflowOptions(id, EmbeddedServerFixture.NewTaskQueue()));

        using var list = await GetJsonAsync($"/api/v1/namespaces/default/workflows?query={Uri.EscapeDataString($"WorkflowId = '{id}'")}");

        var execution = Assert.Single(list.RootElement.GetProperty("executions").EnumerateArray());
        Assert.Equal(id, execution.GetProperty("execution").GetProperty("workflowId").GetString());
        Assert.Equal("WORKFLOW_EXECUTION_STATUS_RUNNING", execution.GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownWorkflowIsA404WithCodeMessageAndTypedDetails()
    {
        using var response = await Http.GetAsync("/api/v1/namespaces/default/workflows/no-such-workflow");
        using var body = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(5, body.RootElement.GetProperty("code").GetInt32());
        Assert.Contains("no-such-workflow", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("NotFoundFailure", body.RootElement.GetProperty("details")[0].GetProperty("@type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJsonBodyIsA400WithAMessage()
    {
        using var response = await Http.PostAsync("/api/v1/namespaces/default/workflows/any/signal/go", new StringContent("{not json", Encoding.UTF8, "application/json"));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "SignalWorkflowExecutionRequest");
    }

    [Fact]
    public async Task UnknownRouteIsA404WithAMessage()
    {
        using var response = await Http.GetAsync("/api/v1/namespaces/default/no-such-thing");

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "no API route");
    }

    [Fact]
    public async Task KnownPathWithTheWrongVerbIsA405()
    {
        using var response = await Http.DeleteAsync("/api/v1/namespaces/default/workflows/any/terminate");

        await AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, "not allowed");
    }

    [Fact]
    public async Task BadEnumValueIsA400NamingTheAllowedValues()
    {
        using var response = await Http.GetAsync("/api/v1/namespaces/default/task-queues/q?taskQueueType=SOMETIMES");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "TASK_QUEUE_TYPE_ACTIVITY");
    }

    [Fact]
    public async Task UnknownNamespaceIsA404NotA500()
    {
        using var response = await Http.GetAsync("/api/v1/namespaces/no-such-namespace/workflows");

        await AssertErrorAsync(response, HttpStatusCode.NotFound, "no-such-namespace");
    }

    [Fact]
    public async Task TerminateOverHttpTerminatesTheRunNamedInTheQuery()
    {
        var handle = await fixture.Client.StartWorkflowAsync((SignalQueryWorkflow wf) => wf.RunAsync(), new WorkflowOptions($"http-term-{Guid.NewGuid():N}", EmbeddedServerFixture.NewTaskQueue()));

        using var response = await PostJsonAsync($"/api/v1/namespaces/default/workflows/{handle.Id}/terminate?execution.runId={handle.ResultRunId}", """{"reason":"from the UI"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WorkflowExecutionStatus.Terminated, (await handle.DescribeAsync()).Status);
    }

    [Fact]
    public async Task CancelOverHttpRecordsTheCancelRequestInHistory()
    {
        var handle = await fixture.Client.StartWorkflowAsync((SignalQueryWorkflow wf) => wf.RunAsync(), new WorkflowOptions($"http-cancel-{Guid.NewGuid():N}", EmbeddedServerFixture.NewTaskQueue()));

        using var response = await PostJsonAsync($"/api/v1/namespaces/default/workflows/{handle.Id}/cancel", """{"reason":"from the UI"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var history = await handle.FetchHistoryAsync();
        Assert.Contains(history.Events, e => e.EventType == EventType.WorkflowExecutionCancelRequested);
    }

    [Fact]
    public async Task SignalQueryAndUpdateOverHttpReachTheWorkflow()
    {
        await WorkerHarness.RunAsync(fixture.Client, async taskQueue =>
        {
            var handle = await fixture.Client.StartWorkflowAsync((SignalQueryWorkflow wf) => wf.RunAsync(), new WorkflowOptions($"http-sq-{Guid.NewGuid():N}", taskQueue));
            var signalInput = JsonPayloads("\"from-http\"");
            var updateInput = JsonPayloads("2");

            using var signal = await PostJsonAsync($"/api/v1/namespaces/default/workflows/{handle.Id}/signal/Add", $$"""{"input":{{signalInput}} }""");
            using var update = await PostJsonAsync($"/api/v1/namespaces/default/workflows/{handle.Id}/update/AddMany",
                $$"""{"request":{"meta":{"updateId":"u-1"},"input":{"args":{{updateInput}} } },"waitPolicy":{"lifecycleStage":"UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED"} }""");
            using var query = await PostJsonAsync($"/api/v1/namespaces/default/workflows/{handle.Id}/query/Count", "{}");
            using var queryBody = await ReadJsonAsync(query);

            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (signal.StatusCode, update.StatusCode));
            var answer = queryBody.RootElement.GetProperty("queryResult").GetProperty("payloads")[0].GetProperty("data").GetString()!;
            Assert.Equal("3", Encoding.UTF8.GetString(Convert.FromBase64String(answer)));
        });
    }

    [Fact]
    public async Task ReadOfAFeatureThisServerLacksAnswersAnEmptyList()
    {
        using var response = await Http.GetAsync("/api/v1/namespaces/default/batch-operations");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{ }", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SearchAttributesListTheSystemAttributesTheFilterOffers()
    {
        using var attributes = await GetJsonAsync("/api/v1/namespaces/default/search-attributes");

        Assert.Equal("INDEXED_VALUE_TYPE_KEYWORD", attributes.RootElement.GetProperty("systemAttributes").GetProperty("WorkflowType").GetString());
    }

    [Fact]
    public async Task DeepLinkOfAPageAnswersTheSinglePageAppIndex()
    {
        using var response = await Http.GetAsync("/namespaces/default/workflows/some-id/some-run/history");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(WebUiServerFixture.IndexMarker, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HashedAssetIsServedWithItsTypeAndCachedForever()
    {
        using var response = await Http.GetAsync("/_app/immutable/start.js");

        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WebUiListensOnLoopbackByDefault() =>
        Assert.StartsWith("http://127.0.0.1:", fixture.Server.UiAddress, StringComparison.Ordinal);

    /// <summary>A Payloads message in protobuf JSON holding one json/plain value.</summary>
    private static string JsonPayloads(string json)
    {
        var encoding = Convert.ToBase64String(Encoding.UTF8.GetBytes("json/plain"));
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        return $$"""{"payloads":[{"metadata":{"encoding":"{{encoding}}"},"data":"{{data}}"}]}""";
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await ReadJsonAsync(response);
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string messagePart)
    {
        using var body = await ReadJsonAsync(response);
        Assert.Equal(status, response.StatusCode);
        Assert.True(body.RootElement.GetProperty("code").GetInt32() > 0);
        Assert.Contains(messagePart, body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static string UiPackageVersion()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "devserver-ui", "package.json")));
        return package.RootElement.GetProperty("devDependencies").GetProperty("@temporalio/ui").GetString()!;
    }
}
