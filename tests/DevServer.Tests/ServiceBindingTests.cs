using CoderBootstrap.DevServer.Grpc;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace CoderBootstrap.DevServer.Tests;

/// <summary>
/// The services are bound from the endpoints' method signatures (the descriptors cost half the
/// start-up): what is bound must be exactly the descriptor's RPCs that the endpoint implements,
/// with the descriptor's request and response types.
/// </summary>
public sealed class ServiceBindingTests
{
    [Fact]
    public void WorkflowServiceBindsEveryImplementedRpcOfItsDescriptorAndNothingElse() =>
        AssertBindsTheDescriptorsRpcs(
            binder => WorkflowServiceBinder.BindService(binder, null),
            typeof(WorkflowServiceEndpoint),
            Temporalio.Api.WorkflowService.V1.ServiceReflection.Descriptor.Services.Single(s => s.FullName == WorkflowServiceBinder.ServiceName));

    [Fact]
    public void OperatorServiceBindsEveryImplementedRpcOfItsDescriptorAndNothingElse() =>
        AssertBindsTheDescriptorsRpcs(
            binder => OperatorServiceBinder.BindService(binder, null),
            typeof(OperatorServiceEndpoint),
            Temporalio.Api.OperatorService.V1.ServiceReflection.Descriptor.Services.Single(s => s.FullName == OperatorServiceBinder.ServiceName));

    private static void AssertBindsTheDescriptorsRpcs(Action<ServiceBinderBase> bind, Type endpoint, ServiceDescriptor service)
    {
        var binder = new RecordingBinder();
        bind(binder);
        var expected = service.Methods
            .Where(rpc => endpoint.GetMethod(rpc.Name, [rpc.InputType.ClrType, typeof(ServerCallContext)]) is not null)
            .Select(rpc => $"{service.FullName}/{rpc.Name}({rpc.InputType.ClrType.Name}) -> {rpc.OutputType.ClrType.Name}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, binder.Bound.Order(StringComparer.Ordinal));
    }

    private sealed class RecordingBinder : ServiceBinderBase
    {
        public List<string> Bound { get; } = [];

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            Bound.Add($"{method.ServiceName}/{method.Name}({typeof(TRequest).Name}) -> {typeof(TResponse).Name}");
    }
}
