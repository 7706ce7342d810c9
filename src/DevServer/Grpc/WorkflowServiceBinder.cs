using Grpc.Core;
using Temporalio.Api.WorkflowService.V1;

namespace CoderBootstrap.DevServer.Grpc;

/// <summary>Binds Temporal's <c>WorkflowService</c> onto <see cref="WorkflowServiceEndpoint"/>.</summary>
public static class WorkflowServiceBinder
{
    public const string ServiceName = "temporal.api.workflowservice.v1.WorkflowService";

    public static void BindService(ServiceBinderBase binder, WorkflowServiceEndpoint? service) =>
        EndpointServiceBinder.Bind(binder, service, ServiceName, typeof(ServiceReflection).Namespace!);
}
