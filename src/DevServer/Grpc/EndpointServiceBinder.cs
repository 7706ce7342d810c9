using System.Reflection;
using Google.Protobuf;
using Grpc.Core;

namespace CoderBootstrap.DevServer.Grpc;

/// <summary>
/// Binds a Temporal gRPC service by hand (the Temporalio package ships no server stubs) from the
/// endpoint's own methods: every public <c>Task&lt;XResponse&gt; X(XRequest, ServerCallContext)</c> whose
/// request type is in the service's message namespace is the RPC <c>X</c>. RPCs without such a
/// method stay unbound, so ASP.NET Core gRPC answers them with <c>Unimplemented</c>.
/// </summary>
/// <remarks>
/// The method list is read from the CLR types, not from the service's protobuf descriptor: building
/// the descriptor builds those of the whole Temporal API, about half of the server's start-up CPU,
/// and a launcher such as <c>WorkflowEnvironment.StartLocalAsync</c> gives the server a fixed 5 s
/// to answer its first call. A test checks that this binds exactly the descriptor's RPCs.
/// </remarks>
internal static class EndpointServiceBinder
{
    private static readonly MethodInfo BindOneMethod = typeof(EndpointServiceBinder).GetMethod(nameof(BindOne), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <param name="messageNamespace">The CLR namespace of the service's generated messages (e.g. that of its ServiceReflection class).</param>
    public static void Bind<TEndpoint>(ServiceBinderBase binder, TEndpoint? endpoint, string serviceName, string messageNamespace)
        where TEndpoint : class
    {
        foreach (var implementation in typeof(TEndpoint).GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (RpcTypes(implementation, messageNamespace) is not var (request, response))
            {
                continue;
            }
            BindOneMethod.MakeGenericMethod(typeof(TEndpoint), request, response)
                .Invoke(null, [binder, endpoint, serviceName, implementation.Name, implementation]);
        }
    }

    /// <summary>The request and response types when <paramref name="method"/> implements an RPC of the service; null otherwise.</summary>
    private static (Type Request, Type Response)? RpcTypes(MethodInfo method, string messageNamespace)
    {
        if (method.GetParameters() is not [{ ParameterType: var request }, { ParameterType: var context }]
            || context != typeof(ServerCallContext)
            || request.Namespace != messageNamespace
            || request.Name != method.Name + "Request"
            || !typeof(IMessage).IsAssignableFrom(request)
            || method.ReturnType is not { IsGenericType: true } returned
            || returned.GetGenericTypeDefinition() != typeof(Task<>)
            || !typeof(IMessage).IsAssignableFrom(returned.GetGenericArguments()[0]))
        {
            return null;
        }
        return (request, method.ReturnType.GetGenericArguments()[0]);
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
