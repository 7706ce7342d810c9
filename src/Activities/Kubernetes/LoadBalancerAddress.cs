using System.Globalization;
using k8s.Models;

namespace CoderBootstrap.Activities.Kubernetes;

/// <summary>
/// The public address of a <c>LoadBalancer</c> service from <c>status.loadBalancer.ingress</c>:
/// <c>http://&lt;ip&gt;</c>, with the port when the ingress publishes one (the sandbox does) or the
/// service port is not 80.
/// </summary>
public sealed record LoadBalancerAddress(string Host, int Port)
{
    public string Url => Port == 80 ? $"http://{Host}" : string.Create(CultureInfo.InvariantCulture, $"http://{Host}:{Port}");

    public static LoadBalancerAddress? FromService(V1Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var ingress = service.Status?.LoadBalancer?.Ingress?.FirstOrDefault();
        var host = ingress?.Ip ?? ingress?.Hostname;
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        var port = ingress!.Ports?.FirstOrDefault()?.Port
            ?? service.Spec?.Ports?.FirstOrDefault()?.Port
            ?? 80;
        return new LoadBalancerAddress(host, port);
    }
}
