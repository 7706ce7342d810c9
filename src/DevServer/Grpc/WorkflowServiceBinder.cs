using System.Reflection;
using Google.Protobuf;
using Grpc.Core;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Grpc;

/// <summary>
/// Binds Temporal's <c>WorkflowService</c> by hand from the protobuf descriptor shipped in the
/// Temporalio package (no generated server stubs exist there). Every RPC that
/// <see cref="WorkflowServiceEndpoint"/> implements with a method of the same name is bound; the
/// others are left unbound so that ASP.NET Core gRPC answers them with <c>Unimplemented</c>.
/// </summary>
public static class WorkflowServiceBinder
{
    public const string ServiceName = "temporal.api.workflowservice.v1.WorkflowService";

    public static void BindService(ServiceBinderBase binder, WorkflowServiceEndpoint? service)
    {
        var bindOne = typeof(WorkflowServiceBinder).GetMethod(nameof(BindOne), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var method in ServiceReflection.Descriptor.Services.Single(s => s.FullName == ServiceName).Methods)
        {
            var implementation = typeof(WorkflowServiceEndpoint).GetMethod(
                method.Name, [method.InputType.ClrType, typeof(ServerCallContext)]);
            if (implementation is null)
            {
                continue;
            }
            bindOne.MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType)
                .Invoke(null, [binder, service, method.Name, implementation]);
        }
    }

    private static void BindOne<TRequest, TResponse>(
        ServiceBinderBase binder, WorkflowServiceEndpoint? service, string name, MethodInfo implementation)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var requestParser = new MessageParser<TRequest>(() => new TRequest());
        var responseParser = new MessageParser<TResponse>(() => new TResponse());
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary,
            ServiceName,
            name,
            Marshallers.Create(r => r.ToByteArray(), requestParser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), responseParser.ParseFrom));
        var handler = service is null
            ? null
            : (UnaryServerMethod<TRequest, TResponse>)Delegate.CreateDelegate(
                typeof(UnaryServerMethod<TRequest, TResponse>), service, implementation);
        binder.AddMethod(method, handler);
    }
}
