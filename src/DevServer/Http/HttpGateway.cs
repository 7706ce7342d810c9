using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Http;

/// <summary>
/// Answers <c>/api/v1/...</c>: finds the generated route, binds the request message, calls the
/// same service method the gRPC endpoint calls and writes the answer as protobuf JSON.
/// </summary>
public sealed class HttpGateway(HttpRouteTable routes, InProcessServiceMethods methods, UiSettings settings, ILogger logger)
{
    /// <summary>Long polls reached over HTTP (history with waitNewEvent) end within this, as the real frontend's do.</summary>
    private static readonly TimeSpan HttpDeadline = TimeSpan.FromSeconds(20);

    private const string ListSearchAttributesMethod = "temporal.api.operatorservice.v1.OperatorService/ListSearchAttributes";
    private const string GetSearchAttributesMethod = "temporal.api.workflowservice.v1.WorkflowService/GetSearchAttributes";

    public async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var rawPath = rawTarget.Split('?', 2)[0];
        if (rawPath.TrimEnd('/') == "/api/v1/settings")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(settings.ToJson(), context.RequestAborted).ConfigureAwait(false);
            return;
        }
        var match = routes.Match(context.Request.Method, rawPath.TrimEnd('/'));
        if (match.Route is not { } route)
        {
            var (code, message) = match.PathKnown
                ? (StatusCode.Unimplemented, $"method {context.Request.Method} is not allowed on {rawPath}")
                : (StatusCode.NotFound, $"no API route {context.Request.Method} {rawPath}");
            context.Response.StatusCode = match.PathKnown ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(HttpErrors.Body(code, message), context.RequestAborted).ConfigureAwait(false);
            return;
        }
        try
        {
            string? body = null;
            if (route.Body == "*")
            {
                using var reader = new StreamReader(context.Request.Body);
                body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            }
            var query = context.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty)));
            var request = HttpRequestBinder.Bind(route, body, match.PathValues, query);
            var callContext = new GatewayCallContext(context, route.FullMethodName, DateTime.UtcNow + HttpDeadline);
            var response = await InvokeAsync(route, request, callContext).ConfigureAwait(false);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(ProtobufJson.Formatter.Format(response), context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpBindingException e)
        {
            await HttpErrors.WriteAsync(context, StatusCode.InvalidArgument, HttpErrors.Body(StatusCode.InvalidArgument, e.Message)).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            await HttpErrors.WriteAsync(context, e.StatusCode, HttpErrors.Body(e)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The browser went away (a page change during a long poll): nothing to answer.
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidProtocolBufferException)
        {
            await HttpErrors.WriteAsync(context, StatusCode.InvalidArgument, HttpErrors.Body(StatusCode.InvalidArgument, e.Message)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogError(e, "HTTP API {Method} {Path} failed", context.Request.Method, rawPath);
            await HttpErrors.WriteAsync(context, StatusCode.Internal, HttpErrors.Body(StatusCode.Internal, e.Message)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Calls the RPC. Reads that the Web UI makes for features this server does not have (batch
    /// operations, worker versioning, deployments, Nexus, worker lists) answer the RPC's empty
    /// response, so those pages show "none" instead of an error; search attributes fall back to
    /// WorkflowService.GetSearchAttributes while the OperatorService is not served.
    /// </summary>
    private async Task<IMessage> InvokeAsync(HttpRoute route, IMessage request, ServerCallContext context)
    {
        try
        {
            return await methods.InvokeAsync(route.FullMethodName, request, context).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented && route.FullMethodName == ListSearchAttributesMethod)
        {
            var ns = ((ListSearchAttributesRequest)request).Namespace;
            var known = (GetSearchAttributesResponse)await methods.InvokeAsync(
                GetSearchAttributesMethod, new GetSearchAttributesRequest(), context).ConfigureAwait(false);
            var answer = new ListSearchAttributesResponse();
            answer.SystemAttributes.Add(known.Keys);
            logger.LogDebug("search attributes of {Namespace} answered from GetSearchAttributes", ns);
            return answer;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented && AnswersEmptyWhenUnimplemented(route))
        {
            return route.Method.OutputType.Parser.ParseFrom(ByteString.Empty);
        }
    }

    /// <summary>A read (GET) that lists, counts or describes the workers/versioning of a task queue.</summary>
    internal static bool AnswersEmptyWhenUnimplemented(HttpRoute route) =>
        route.Verb == "GET" && (route.Method.Name.StartsWith("List", StringComparison.Ordinal)
            || route.Method.Name.StartsWith("Count", StringComparison.Ordinal)
            || route.Method.Name is "DescribeTaskQueue" or "GetWorkerBuildIdCompatibility" or "GetWorkerVersioningRules" or "GetWorkerTaskReachability");
}
