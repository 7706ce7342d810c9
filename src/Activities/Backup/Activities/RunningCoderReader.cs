using CoderBootstrap.Activities.Coder;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Runtime;
using k8s;
using k8s.Autorest;

namespace CoderBootstrap.Activities.Backup.Activities;

/// <summary>The Coder version that runs: the tag of the coder container's image in Coder's deployment (without a leading v).</summary>
internal static class RunningCoderReader
{
    public static async Task<RunningCoder> ReadAsync(IKubernetes client, string environment, string ns, CancellationToken cancellationToken)
    {
        k8s.Models.V1Deployment deployment;
        try
        {
            deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(CoderObjects.DeploymentName, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw ActivityFailure.Permanent(FailureKind.InfraMissing,
                $"{environment}: Coder's deployment {ns}/{CoderObjects.DeploymentName} does not exist: run `starter run coder --env={environment}` first");
        }

        var containers = deployment.Spec.Template.Spec.Containers;
        var image = (containers.FirstOrDefault(c => c.Name == "coder") ?? containers[0]).Image ?? string.Empty;
        var colon = image.LastIndexOf(':');
        var tag = colon > image.LastIndexOf('/') ? image[(colon + 1)..] : "latest";
        return new RunningCoder(tag.TrimStart('v'), deployment.Spec.Replicas ?? 1);
    }
}
