using k8s.Models;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

/// <summary>Deployments and services shaped like the ones the product applies.</summary>
internal static class Workloads
{
    public static V1Deployment Deployment(string name, string image, bool sidecar = false, int replicas = 1, List<V1EnvVar>? env = null)
    {
        var containers = new List<V1Container> { new() { Name = name, Image = image, Env = env } };
        if (sidecar)
        {
            containers.Add(new V1Container { Name = "sidecar", Image = "busybox:1.36" });
        }

        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                    Spec = new V1PodSpec { Containers = containers },
                },
            },
        };
    }

    public static V1Service LoadBalancerService(string name, string selectedApp) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec
        {
            Type = "LoadBalancer",
            Selector = new Dictionary<string, string> { ["app"] = selectedApp },
            Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = 8080 }],
        },
    };
}
