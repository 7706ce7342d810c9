using System.Reflection;
using Google.Protobuf;
using Grpc.Core;

namespace CoderBootstrap.DevServer.Grpc;

/// <summary>
/// Binds a Temporal gRPC service by hand from its protobuf descriptor (the Temporalio package ships
/// no server stubs). Every RPC that the endpoint implements with a public method of the same name is
/// bound; the others stay unbound, so ASP.NET Core gRPC answers them with <c>Unimplemented</c>.
/// </summary>
internal static class DescriptorServiceBinder
{
    private static readonly MethodInfo BindOneMethod = typeof(DescriptorServiceBinder).GetMethod(nameof(BindOne), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static void Bind<TEndpoint>(ServiceBinderBase binder, TEndpoint? endpoint, Google.Protobuf.Reflection.ServiceDescriptor service)
        where TEndpoint : class
    {
        foreach (var method in service.Methods)
        {
            var implementation = typeof(TEndpoint).GetMethod(method.Name, [method.InputType.ClrType, typeof(ServerCallContext)]);
            if (implementation is null)
            {
                continue;
            }
            BindOneMethod.MakeGenericMethod(typeof(TEndpoint), method.InputType.ClrType, method.OutputType.ClrType)
                .Invoke(null, [binder, endpoint, service.FullName, method.Name, implementation]);
        }
    }

    private static void BindOne<TEndpoint, TRequest, TResponse>(
        ServiceBinderBase binder, TEndpoint? endpoint, string serviceName, string name, MethodInfo implementation)
        where TEndpoint : class
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var requestParser = new MessageParser<TRequest>(() => new TRequest());
        var responseParser = new MessageParser<TResponse>(() => new TResponse());
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary,
            serviceName,
            name,
            Marshallers.Create(r => r.ToByteArray(), requestParser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), responseParser.ParseFrom));
        var handler = endpoint is null
            ? null
            : (UnaryServerMethod<TRequest, TResponse>)Delegate.CreateDelegate(
                typeof(UnaryServerMethod<TRequest, TResponse>), endpoint, implementation);
        binder.AddMethod(method, handler);
    }
}
