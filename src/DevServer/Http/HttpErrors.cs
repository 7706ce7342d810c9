using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Temporalio.Api.Common.V1;

namespace CoderBootstrap.DevServer.Http;

/// <summary>gRPC status → HTTP status and the <c>{code, message, details}</c> body grpc-gateway writes.</summary>
public static class HttpErrors
{
    public static int HttpStatusOf(StatusCode code) => code switch
    {
        StatusCode.OK => StatusCodes.Status200OK,
        StatusCode.Cancelled => 499,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The error body; details are the typed failures the RPC attached (e.g. NotFoundFailure), as <c>Any</c> JSON.</summary>
    public static string Body(RpcException error)
    {
        var status = new GrpcStatus { Code = (int)error.StatusCode, Message = error.Status.Detail };
        if (error.Trailers.GetValueBytes("grpc-status-details-bin") is { } details)
        {
            status.Details.Add(GrpcStatus.Parser.ParseFrom(details).Details);
        }
        return ProtobufJson.Formatter.Format(status);
    }

    public static string Body(StatusCode code, string message) =>
        ProtobufJson.Formatter.Format(new GrpcStatus { Code = (int)code, Message = message });

    public static async Task WriteAsync(HttpContext context, StatusCode code, string body)
    {
        context.Response.StatusCode = HttpStatusOf(code);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
