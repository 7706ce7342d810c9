using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Runtime;
using CoderBootstrap.Activities.Scaleway;
using Temporalio.Activities;

namespace CoderBootstrap.Activities.Infra;

/// <summary>The environment's private network, found by name and tags before it is created.</summary>
public sealed class NetworkActivities(ScalewayAccess scaleway, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<NetworkActivities>();

    [Activity]
    public async Task<NetworkRef> EnsurePrivateNetworkAsync(SpecSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var spec = snapshot.Spec;
        var credentials = scaleway.For(spec);
        var cancellationToken = ActivityRun.CancellationToken;
        var name = spec.Network.PrivateNetworkName;

        var existing = await new ResourceFinder(scaleway.Api, spec).FindPrivateNetworkAsync(cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            var adopted = ToNetworkRef(existing, spec);
            if (adopted.Cidr != spec.Network.PrivateNetworkCidr)
            {
                _log.Warning("Private network {Name} ({PrivateNetworkId}) has subnet {Cidr}, the spec of {Environment} asks for {SpecCidr}; keeping the existing subnet",
                    name, existing.Id, adopted.Cidr, spec.Name, spec.Network.PrivateNetworkCidr);
            }
            _log.Information("Adopted private network {Name} ({PrivateNetworkId}) of {Environment}", name, existing.Id, spec.Name);
            return adopted;
        }

        // Without a VPC id the network goes into the project's default VPC of the region.
        var request = EnvironmentResourceRequests.PrivateNetwork(spec, credentials.ProjectId);
        var created = await CallGuard.ScalewayAsync($"create private network '{name}'",
            () => scaleway.Api.Vpc.CreatePrivateNetworkAsync(request, cancellationToken)).ConfigureAwait(false);
        _log.Information("Created private network {Name} ({PrivateNetworkId}, {Cidr}) of {Environment}", name, created.Id, spec.Network.PrivateNetworkCidr, spec.Name);
        return ToNetworkRef(created, spec);
    }

    private static NetworkRef ToNetworkRef(PrivateNetwork network, EnvironmentSpec spec)
    {
        var ipv4 = (network.Subnets ?? []).Select(s => s.Subnet).FirstOrDefault(s => s.Contains('.', StringComparison.Ordinal));
        return new NetworkRef(network.Id, network.VpcId, ipv4 ?? spec.Network.PrivateNetworkCidr);
    }
}
