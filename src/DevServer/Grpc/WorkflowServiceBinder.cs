using Grpc.Core;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Grpc;

/// <summary>Binds Temporal's <c>WorkflowService</c> onto <see cref="WorkflowServiceEndpoint"/>.</summary>
public static class WorkflowServiceBinder
{
    public const string ServiceName = "temporal.api.workflowservice.v1.WorkflowService";

    public static void BindService(ServiceBinderBase binder, WorkflowServiceEndpoint? service) =>
        DescriptorServiceBinder.Bind(binder, service, ServiceReflection.Descriptor.Services.Single(s => s.FullName == ServiceName));
}
