using CoderBootstrap.Sandbox.Runtime;
using CoderBootstrap.Sandbox.Tests.Scaleway;

namespace CoderBootstrap.Sandbox.Tests.Runtime;

public sealed class RequestLogTests
{
    [Fact]
    public async Task Counters_separate_reads_from_mutations_per_operation()
    {
        await using var server = await ScalewayTestServer.StartAsync();

        await server.CreatePrivateNetworkAsync();
        await server.GetAsync("/vpc/v2/regions/fr-par/private-networks");
        await server.GetAsync("/vpc/v2/regions/fr-par/private-networks");

        var counters = server.Runtime.GetCounters();
        Assert.Equal(new OperationCounter(0, 1, 0), counters["vpc.private_networks.create"]);
        Assert.Equal(new OperationCounter(2, 0, 0), counters["vpc.private_networks.list"]);
    }

    [Fact]
    public async Task Request_log_records_method_path_status_and_filters_by_prefix_and_mutations()
    {
        await using var server = await ScalewayTestServer.StartAsync();

        var networkId = await server.CreatePrivateNetworkAsync();
        await server.GetAsync($"/vpc/v2/regions/fr-par/private-networks/{networkId}");
        await server.GetAsync("/k8s/v1/regions/fr-par/clusters");

        var vpcEntries = server.Runtime.GetRequestLog("vpc.");
        var mutations = server.Runtime.GetRequestLog(mutationsOnly: true);
        Assert.Equal(2, vpcEntries.Count);
        Assert.Equal(("GET", $"/vpc/v2/regions/fr-par/private-networks/{networkId}", 200), (vpcEntries[1].Method, vpcEntries[1].Path, vpcEntries[1].Status));
        var mutation = Assert.Single(mutations);
        Assert.Equal("vpc.private_networks.create", mutation.Operation);
        Assert.Equal("POST", mutation.Method);
    }

    [Fact]
    public async Task Request_log_read_after_a_sequence_holds_only_later_entries()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        await server.GetAsync("/vpc/v2/regions/fr-par/vpcs");
        var mark = server.Runtime.GetRequestLog()[^1].Sequence;

        await server.GetAsync("/k8s/v1/regions/fr-par/clusters");

        Assert.Equal("k8s.clusters.list", Assert.Single(server.Runtime.GetRequestLog(afterSequence: mark)).Operation);
    }

    [Fact]
    public async Task Reset_clears_log_counters_and_faults_and_restores_the_time_scale()
    {
        await using var server = await ScalewayTestServer.StartAsync(timeScale: 0.01);
        await server.GetAsync("/vpc/v2/regions/fr-par/vpcs");
        server.Runtime.SetFault(new SandboxFaultRule { Operation = "vpc.vpcs.list", Status = 500 });
        server.Runtime.TimeScale = 5;

        server.Runtime.Reset();

        Assert.Empty(server.Runtime.GetRequestLog());
        Assert.Empty(server.Runtime.GetCounters());
        Assert.Empty(server.Runtime.GetFaults());
        Assert.Equal(0.01, server.Runtime.TimeScale);
    }

    [Fact]
    public async Task Reset_with_resources_wipes_every_emulated_resource()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        var networkId = await server.CreatePrivateNetworkAsync();

        server.Runtime.Reset(resources: true);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await server.GetAsync($"/vpc/v2/regions/fr-par/private-networks/{networkId}")).Status);
    }

    [Fact]
    public void Time_scale_multiplies_realistic_delays()
    {
        var runtime = new SandboxRuntime(NullStateStore.Instance, timeScale: 0.01);

        Assert.Equal(TimeSpan.FromMilliseconds(750), runtime.Scale(TimeSpan.FromSeconds(75)));
    }

    [Fact]
    public void Negative_time_scale_is_refused()
    {
        var runtime = new SandboxRuntime(NullStateStore.Instance);

        Assert.Throws<ArgumentOutOfRangeException>(() => runtime.TimeScale = -1);
    }
}
