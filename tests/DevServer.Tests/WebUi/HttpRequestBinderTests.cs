using CoderBootstrap.DevServer.Http;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Tests.WebUi;

public sealed class HttpRequestBinderTests
{
    private static readonly HttpRouteTable Table = HttpRouteTable.FromDescriptors(HttpRouteTable.TemporalServices);

    [Fact]
    public void NestedQueryParameterInJsonSpellingSetsTheNestedField()
    {
        var request = (DescribeWorkflowExecutionRequest)Bind("GET", "/api/v1/namespaces/ns/workflows/wf", query: [new("execution.runId", "run-7")]);

        Assert.Equal(("ns", "wf", "run-7"), (request.Namespace, request.Execution.WorkflowId, request.Execution.RunId));
    }

    [Fact]
    public void NestedQueryParameterInProtoSpellingSetsTheNestedField()
    {
        var request = (DescribeWorkflowExecutionRequest)Bind("GET", "/api/v1/namespaces/ns/workflows/wf", query: [new("execution.run_id", "run-8")]);

        Assert.Equal("run-8", request.Execution.RunId);
    }

    [Theory]
    [InlineData("TASK_QUEUE_TYPE_ACTIVITY")]
    [InlineData("2")]
    public void EnumQueryParameterIsReadByNameOrNumber(string value)
    {
        var request = (DescribeTaskQueueRequest)Bind("GET", "/api/v1/namespaces/ns/task-queues/q", query: [new("taskQueueType", value)]);

        Assert.Equal(TaskQueueType.Activity, request.TaskQueueType);
    }

    [Theory]
    [InlineData("ACTIVITY")]
    [InlineData("99")]
    public void UnknownEnumValueIsRejectedNamingTheAllowedValues(string value)
    {
        var error = Assert.Throws<HttpBindingException>(() => Bind("GET", "/api/v1/namespaces/ns/task-queues/q", query: [new("taskQueueType", value)]));

        Assert.Contains("TASK_QUEUE_TYPE_WORKFLOW", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BooleanAndIntegerQueryParametersAreConverted()
    {
        var request = (GetWorkflowExecutionHistoryRequest)Bind("GET", "/api/v1/namespaces/ns/workflows/wf/history",
            query: [new("waitNewEvent", "true"), new("maximumPageSize", "50")]);

        Assert.Equal((true, 50), (request.WaitNewEvent, request.MaximumPageSize));
    }

    [Fact]
    public void NonNumericIntegerQueryParameterIsRejected() =>
        Assert.Throws<HttpBindingException>(() => Bind("GET", "/api/v1/namespaces/ns/workflows", query: [new("pageSize", "ten")]));

    [Fact]
    public void UrlSafeBase64PageTokenIsDecoded()
    {
        var token = new byte[] { 0xfb, 0xff, 0x01 };
        var urlSafe = Convert.ToBase64String(token).Replace('+', '-').Replace('/', '_').TrimEnd('=');

        var request = (ListWorkflowExecutionsRequest)Bind("GET", "/api/v1/namespaces/ns/workflows", query: [new("nextPageToken", urlSafe)]);

        Assert.Equal(token, request.NextPageToken.ToByteArray());
    }

    [Fact]
    public void UnknownQueryParameterIsIgnored()
    {
        var request = (ListWorkflowExecutionsRequest)Bind("GET", "/api/v1/namespaces/ns/workflows", query: [new("cacheBuster", "1"), new("query", "WorkflowType='x'")]);

        Assert.Equal("WorkflowType='x'", request.Query);
    }

    [Fact]
    public void BodyIsReadAsProtobufJsonAndPathVariablesFillTheRest()
    {
        var request = (SignalWorkflowExecutionRequest)Bind("POST", "/api/v1/namespaces/ns/workflows/wf/signal/go",
            body: """{"workflowExecution":{"runId":"r1"},"input":{"payloads":[{"metadata":{"encoding":"anNvbi9wbGFpbg=="},"data":"IngiIA=="}]},"unknownField":1}""");

        Assert.Equal(("ns", "wf", "r1", "go"), (request.Namespace, request.WorkflowExecution.WorkflowId, request.WorkflowExecution.RunId, request.SignalName));
        Assert.Equal("json/plain", request.Input.Payloads_[0].Metadata["encoding"].ToStringUtf8());
    }

    [Theory]
    [InlineData("{bad")]
    [InlineData("""{"reason": 5}""")]
    [InlineData("[1,2]")]
    public void MalformedBodyIsABindingErrorNamingTheRequest(string body)
    {
        var error = Assert.Throws<HttpBindingException>(() => Bind("POST", "/api/v1/namespaces/ns/workflows/wf/terminate", body: body));

        Assert.Contains("TerminateWorkflowExecutionRequest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyBodyOfAPostIsAnEmptyRequest()
    {
        var request = (RequestCancelWorkflowExecutionRequest)Bind("POST", "/api/v1/namespaces/ns/workflows/wf/cancel", body: "");

        Assert.Equal("wf", request.WorkflowExecution.WorkflowId);
    }

    private static IMessage Bind(string verb, string path, string? body = null, KeyValuePair<string, string>[]? query = null)
    {
        var match = Table.Match(verb, path);
        Assert.NotNull(match.Route);
        return HttpRequestBinder.Bind(match.Route, body, match.PathValues, query ?? []);
    }
}
