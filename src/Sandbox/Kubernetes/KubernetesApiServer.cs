// PLACEHOLDER: replaced at merge
using CoderBootstrap.Sandbox.Core;
using Microsoft.Extensions.Logging;

namespace CoderBootstrap.Sandbox.Kubernetes;

public sealed class KubernetesApiServer : ISandboxKubernetes, IAsyncDisposable
{
    public KubernetesApiServer(ISandboxRuntime runtime, ISandboxLoadBalancers loadBalancers, ISandboxCoderHosting coder, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(loadBalancers);
        ArgumentNullException.ThrowIfNull(coder);
        ArgumentNullException.ThrowIfNull(loggerFactory);
    }

    public string BaseUrl { get; private set; } = "";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        BaseUrl = "http://127.0.0.1:0";
        return Task.CompletedTask;
    }

    public string RegisterCluster(string clusterId, string clusterName, string bearerToken, string kubernetesVersion) =>
        $"{BaseUrl}/clusters/{clusterId}";

    public void SetNodes(string clusterId, IReadOnlyList<SandboxNode> nodes)
    {
    }

    public void RemoveCluster(string clusterId)
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
