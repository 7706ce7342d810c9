using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace CoderBootstrap.DevServer.Http;

/// <summary>The call context an RPC sees when it is reached over HTTP: the client's cancellation and a deadline.</summary>
internal sealed class GatewayCallContext(HttpContext http, string method, DateTime deadline) : ServerCallContext
{
    private readonly Metadata _trailers = [];

    protected override string MethodCore => method;

    protected override string HostCore => http.Request.Host.Value ?? string.Empty;

    protected override string PeerCore => $"http:{http.Connection.RemoteIpAddress}:{http.Connection.RemotePort}";

    protected override DateTime DeadlineCore => deadline;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore => http.RequestAborted;

    protected override Metadata ResponseTrailersCore => _trailers;

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("calls made over the HTTP gateway do not propagate");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
