using CoderBootstrap.DevServer.Engine;
using Grpc.Core;
using Temporalio.Api.OperatorService.V1;

namespace CoderBootstrap.DevServer.Grpc;

/// <summary>Binds Temporal's <c>OperatorService</c> onto <see cref="OperatorServiceEndpoint"/>.</summary>
public static class OperatorServiceBinder
{
    public const string ServiceName = "temporal.api.operatorservice.v1.OperatorService";

    public static void BindService(ServiceBinderBase binder, OperatorServiceEndpoint? service) =>
        EndpointServiceBinder.Bind(binder, service, ServiceName, typeof(ServiceReflection).Namespace!);
}

/// <summary>The OperatorService RPCs this server implements: custom search attributes per namespace.</summary>
[BindServiceMethod(typeof(OperatorServiceBinder), nameof(OperatorServiceBinder.BindService))]
public class OperatorServiceEndpoint
{
    private readonly ServerEngine _engine;

    public OperatorServiceEndpoint(ServerEngine engine) => _engine = engine;

    public virtual Task<AddSearchAttributesResponse> AddSearchAttributes(AddSearchAttributesRequest request, ServerCallContext context)
    {
        _engine.AddSearchAttributes(request.Namespace, request.SearchAttributes);
        return Task.FromResult(new AddSearchAttributesResponse());
    }

    public virtual Task<RemoveSearchAttributesResponse> RemoveSearchAttributes(RemoveSearchAttributesRequest request, ServerCallContext context)
    {
        _engine.RemoveSearchAttributes(request.Namespace, request.SearchAttributes);
        return Task.FromResult(new RemoveSearchAttributesResponse());
    }

    public virtual Task<ListSearchAttributesResponse> ListSearchAttributes(ListSearchAttributesRequest request, ServerCallContext context)
    {
        var response = new ListSearchAttributesResponse();
        foreach (var (name, type) in _engine.CustomSearchAttributes(request.Namespace))
        {
            response.CustomAttributes[name] = type;
        }
        foreach (var (name, type) in SearchAttributeRegistry.SystemAttributes)
        {
            response.SystemAttributes[name] = type;
        }
        response.StorageSchema["sqlite"] = "embedded";
        return Task.FromResult(response);
    }

    public virtual Task<ListClustersResponse> ListClusters(ListClustersRequest request, ServerCallContext context)
    {
        var response = new ListClustersResponse();
        response.Clusters.Add(new ClusterMetadata
        {
            ClusterName = WorkflowServiceEndpoint.ClusterName,
            ClusterId = WorkflowServiceEndpoint.ClusterName,
            HistoryShardCount = 1,
            IsConnectionEnabled = true,
        });
        return Task.FromResult(response);
    }

    public virtual Task<ListNexusEndpointsResponse> ListNexusEndpoints(ListNexusEndpointsRequest request, ServerCallContext context) =>
        Task.FromResult(new ListNexusEndpointsResponse());
}
