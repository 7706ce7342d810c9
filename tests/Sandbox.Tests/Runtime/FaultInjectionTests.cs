using System.Diagnostics;
using System.Net;
using CoderBootstrap.Sandbox.Runtime;
using CoderBootstrap.Sandbox.Tests.Scaleway;

namespace CoderBootstrap.Sandbox.Tests.Runtime;

public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Fault_with_a_count_fails_that_many_calls_then_the_operation_succeeds()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        server.Runtime.SetFault(new SandboxFaultRule { Operation = "vpc.vpcs.list", Status = 503, Type = "unknown", Message = "boom", Count = 2 });

        var first = await server.GetAsync("/vpc/v2/regions/fr-par/vpcs");
        var second = await server.GetAsync("/vpc/v2/regions/fr-par/vpcs");
        var third = await server.GetAsync("/vpc/v2/regions/fr-par/vpcs");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.Status);
        Assert.Equal("boom", first.Object["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.Status);
        Assert.Equal(HttpStatusCode.OK, third.Status);
    }

    [Fact]
    public async Task Fault_without_count_fails_every_call_until_cleared()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        server.Runtime.SetFault(new SandboxFaultRule { Operation = "k8s.clusters.create", Status = 403, Type = "quotas_exceeded", Message = "quota(s) exceeded for this resource" });
        var networkId = await server.CreatePrivateNetworkAsync();
        var body = new System.Text.Json.Nodes.JsonObject { ["name"] = "c", ["version"] = "1.35.3", ["private_network_id"] = networkId };

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            statuses.Add((await server.PostAsync("/k8s/v1/regions/fr-par/clusters", body.DeepClone())).Status);
        }

        server.Runtime.ClearFault("k8s.clusters.create");
        var healed = await server.PostAsync("/k8s/v1/regions/fr-par/clusters", body.DeepClone());

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Forbidden, status));
        Assert.Equal(HttpStatusCode.OK, healed.Status);
    }

    [Fact]
    public async Task Injected_fault_body_carries_the_error_type()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        server.Runtime.SetFault(new SandboxFaultRule { Operation = "rdb.instances.list", Status = 409, Type = "transient_state", Message = "resource is in a transient state", Count = 1 });

        var response = await server.GetAsync("/rdb/v1/regions/fr-par/instances");

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal("transient_state", response.ErrorType);
    }

    [Fact]
    public async Task Rate_limit_fault_without_type_answers_429_with_an_empty_body()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        server.Runtime.SetFault(new SandboxFaultRule { Operation = "vpc.*", Status = 429, Count = 1 });

        var response = await server.GetAsync("/vpc/v2/regions/fr-par/private-networks");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.Status);
        Assert.Equal("", response.Text);
    }

    [Fact]
    public async Task Latency_fault_delays_the_answer_without_failing_it()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        server.Runtime.SetFault(new SandboxFaultRule { Operation = "vpc.vpcs.list", LatencyMs = 600 });

        var stopwatch = Stopwatch.StartNew();
        var response = await server.GetAsync("/vpc/v2/regions/fr-par/vpcs");
        stopwatch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(550), $"answered after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Faulted_calls_are_counted_and_logged_as_faulted()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        server.Runtime.SetFault(new SandboxFaultRule { Operation = "vpc.vpcs.list", Status = 500, Count = 1 });

        await server.GetAsync("/vpc/v2/regions/fr-par/vpcs");
        await server.GetAsync("/vpc/v2/regions/fr-par/vpcs");

        var counter = server.Runtime.GetCounters()["vpc.vpcs.list"];
        var log = server.Runtime.GetRequestLog("vpc.vpcs.list");
        Assert.Equal(2, counter.Reads);
        Assert.Equal(1, counter.Faulted);
        Assert.Equal([500, 200], log.Select(entry => entry.Status ?? 0));
        Assert.Equal([true, false], log.Select(entry => entry.Faulted));
    }

    [Fact]
    public void Fault_with_a_success_status_is_refused()
    {
        var runtime = new SandboxRuntime(NullStateStore.Instance);

        Assert.Throws<ArgumentException>(() => runtime.SetFault(new SandboxFaultRule { Operation = "x", Status = 200 }));
    }
}
