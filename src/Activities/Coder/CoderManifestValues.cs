using System.Globalization;
using System.Net;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Coder;

/// <summary>The placeholder values of the <c>deploy/coder</c> manifests for one environment (see deploy/coder/README.md).</summary>
internal static class CoderManifestValues
{
    public const string TlsSecretName = "coder-tls";
    public const string IngressClass = "nginx";

    /// <summary>A domain is configured when the access URL names a host rather than an IP address.</summary>
    public static bool HasDomain(EnvironmentSpec spec) =>
        Uri.TryCreate(spec.Coder.AccessUrl, UriKind.Absolute, out var url)
        && url.HostNameType == UriHostNameType.Dns
        && !IPAddress.TryParse(url.Host, out _);

    public static Dictionary<string, string> Build(EnvironmentSpec spec, InfraOutputs infra, string accessUrl)
    {
        var hasDomain = HasDomain(spec);
        var wildcardHost = hasDomain ? spec.Coder.WildcardAccessUrl ?? string.Empty : string.Empty;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["NAMESPACE"] = spec.Coder.Namespace,
            ["ENVIRONMENT"] = spec.Name,
            ["POD_SECURITY_LEVEL"] = spec.Security.PodSecurityStandard.ToString().ToLowerInvariant(),
            ["CODER_VERSION"] = spec.Coder.Version.TrimStart('v'),
            ["CODER_REPLICAS"] = spec.Coder.Replicas.ToString(CultureInfo.InvariantCulture),
            ["CODER_ACCESS_URL"] = accessUrl,
            ["CODER_WILDCARD_ACCESS_URL"] = wildcardHost,
            ["CODER_CPU_REQUEST"] = spec.Coder.Resources.Requests.Cpu,
            ["CODER_CPU_LIMIT"] = spec.Coder.Resources.Limits.Cpu,
            ["CODER_MEMORY_REQUEST"] = spec.Coder.Resources.Requests.Memory,
            ["CODER_MEMORY_LIMIT"] = spec.Coder.Resources.Limits.Memory,
            ["LOAD_BALANCER_TYPE"] = spec.LoadBalancer.Type,
            ["SCW_ZONE"] = spec.Zone,
            ["CODER_HOST"] = hasDomain ? new Uri(spec.Coder.AccessUrl).Host : string.Empty,
            ["CODER_WILDCARD_HOST"] = wildcardHost,
            ["CODER_TLS_SECRET"] = TlsSecretName,
            ["INGRESS_CLASS"] = IngressClass,
            ["DATABASE_CIDR"] = spec.Network.PrivateNetworkCidr,
            ["DATABASE_PORT"] = infra.DatabasePort.ToString(CultureInfo.InvariantCulture),
        };
    }
}
