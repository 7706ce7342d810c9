using Grpc.Core;

namespace CoderBootstrap.DevServer.Grpc;

/// <summary>
/// <c>grpc.health.v1.Health/Check</c>, which lazy clients and probes call before anything else. The
/// messages are tiny and fixed, so they are written as protobuf bytes instead of pulling in a package.
/// </summary>
[BindServiceMethod(typeof(HealthService), nameof(BindService))]
public class HealthService
{
    public const string ServiceName = "grpc.health.v1.Health";

    // HealthCheckResponse { status: SERVING (1) }: field 1, varint.
    private static readonly byte[] Serving = [0x08, 0x01];

    public static void BindService(ServiceBinderBase binder, HealthService? service)
    {
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        binder.AddMethod(new Method<byte[], byte[]>(MethodType.Unary, ServiceName, "Check", bytes, bytes),
            service is null ? null : service.Check);
    }

    /// <summary>SERVING for the server as a whole and for each of its services (the request is not read).</summary>
    public virtual Task<byte[]> Check(byte[] request, ServerCallContext context) => Task.FromResult(Serving);
}
