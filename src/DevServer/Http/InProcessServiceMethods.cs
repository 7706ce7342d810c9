using System.Reflection;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CoderBootstrap.DevServer.Http;

/// <summary>
/// The unary handlers of every gRPC service this server maps, captured through each service's own
/// binder (<see cref="BindServiceMethodAttribute"/>): the HTTP gateway calls exactly the methods
/// the gRPC endpoint calls, whatever services and RPCs exist.
/// </summary>
public sealed class InProcessServiceMethods
{
    private readonly Dictionary<string, Func<IMessage, ServerCallContext, Task<IMessage>>> _handlers;

    private InProcessServiceMethods(Dictionary<string, Func<IMessage, ServerCallContext, Task<IMessage>>> handlers) => _handlers = handlers;

    public IReadOnlyCollection<string> MethodNames => _handlers.Keys;

    public static InProcessServiceMethods Capture(IServiceProvider services, IEnumerable<Type> serviceTypes)
    {
        var binder = new CapturingBinder();
        foreach (var type in serviceTypes)
        {
            var bind = type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: true)
                ?? throw new ArgumentException($"{type.Name} has no {nameof(BindServiceMethodAttribute)}", nameof(serviceTypes));
            var instance = services.GetService(type) ?? ActivatorUtilities.CreateInstance(services, type);
            var method = bind.BindType.GetMethod(bind.BindMethodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                ?? throw new ArgumentException($"{bind.BindType.Name}.{bind.BindMethodName} not found", nameof(serviceTypes));
            method.Invoke(null, [binder, instance]);
        }
        return new InProcessServiceMethods(binder.Handlers);
    }

    /// <summary>The gRPC services of this assembly (every type carrying a binder).</summary>
    public static IEnumerable<Type> ServicesOf(Assembly assembly) =>
        assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is not null);

    /// <summary>Calls an RPC; a method that no service implements fails with <see cref="StatusCode.Unimplemented"/> as over gRPC.</summary>
    public Task<IMessage> InvokeAsync(string fullMethodName, IMessage request, ServerCallContext context) =>
        _handlers.TryGetValue(fullMethodName, out var handler)
            ? handler(request, context)
            : throw new RpcException(new Status(StatusCode.Unimplemented, $"unknown method {fullMethodName[(fullMethodName.LastIndexOf('/') + 1)..]} for service {fullMethodName[..fullMethodName.LastIndexOf('/')]}"));

    private sealed class CapturingBinder : ServiceBinderBase
    {
        public Dictionary<string, Func<IMessage, ServerCallContext, Task<IMessage>>> Handlers { get; } = new(StringComparer.Ordinal);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            if (handler is null)
            {
                return;
            }
            Handlers[method.FullName.TrimStart('/')] = async (request, context) =>
                (IMessage)await handler((TRequest)request, context).ConfigureAwait(false);
        }
    }
}
