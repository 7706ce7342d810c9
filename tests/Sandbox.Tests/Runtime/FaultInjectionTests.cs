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
    private static readonly string[] OperationsOfEveryApi = ["k8s.clusters.get", "rdb.instances.get", "vpc.private-networks.list", "k8s.get", "k8s.list", "coder.users.me", "coder.templates.list", "s3.getobject", "s3.putobject"];

    private static async Task<List<int?>> DrawAsync(SandboxRuntime runtime, int calls)
    {
        var answers = new List<int?>();
        for (var call = 0; call < calls; call++)
        {
            var fault = await runtime.EnterAsync(OperationsOfEveryApi[call % OperationsOfEveryApi.Length], mutation: false, CancellationToken.None);
            answers.Add(fault?.StatusCode);
        }
        return answers;
    }

    [Fact]
    public async Task Probability_fault_on_every_operation_fails_about_that_share_of_calls_with_the_listed_statuses()
    {
        var runtime = new SandboxRuntime(NullStateStore.Instance);
        runtime.SetFault(new SandboxFaultRule { Operation = "*", Statuses = [429, 503], Probability = 0.3, Seed = 7 });

        var answers = await DrawAsync(runtime, 3000);

        var failed = answers.Where(status => status is not null).ToList();
        Assert.InRange(failed.Count / 3000.0, 0.27, 0.33);
        Assert.All(failed, status => Assert.Contains(status!.Value, new[] { 429, 503 }));
        Assert.Contains(429, failed);
        Assert.Contains(503, failed);
        Assert.All(OperationsOfEveryApi, operation => Assert.True(runtime.GetCounters()[operation].Faulted > 0, operation));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("coder.*")]
    public async Task A_wildcard_fault_never_fails_the_sandboxs_own_template_import_job(string operation)
    {
        var runtime = new SandboxRuntime(NullStateStore.Instance);
        runtime.SetFault(new SandboxFaultRule { Operation = operation, Status = 503 });

        var import = await runtime.EnterAsync("coder.templateversions.import", mutation: true, CancellationToken.None);
        var clientCall = await runtime.EnterAsync("coder.templateversions.create", mutation: true, CancellationToken.None);

        Assert.Null(import);
        Assert.Equal(503, clientCall?.StatusCode);
    }

    [Fact]
    public async Task A_fault_naming_the_template_import_job_exactly_fails_it()
    {
        var runtime = new SandboxRuntime(NullStateStore.Instance);
        runtime.SetFault(new SandboxFaultRule { Operation = "coder.templateversions.import", Status = 500, Message = "terraform init failed" });

        var import = await runtime.EnterAsync("coder.templateversions.import", mutation: true, CancellationToken.None);

        Assert.Equal("terraform init failed", import?.Message);
    }

    [Fact]
    public async Task Probability_faults_with_the_same_seed_fail_the_same_calls()
    {
        var first = new SandboxRuntime(NullStateStore.Instance);
        var second = new SandboxRuntime(NullStateStore.Instance);
        var other = new SandboxRuntime(NullStateStore.Instance);
        first.SetFault(new SandboxFaultRule { Operation = "*", Statuses = [429, 503], Probability = 0.3, Seed = 42 });
        second.SetFault(new SandboxFaultRule { Operation = "*", Statuses = [429, 503], Probability = 0.3, Seed = 42 });
        other.SetFault(new SandboxFaultRule { Operation = "*", Statuses = [429, 503], Probability = 0.3, Seed = 43 });

        var firstAnswers = await DrawAsync(first, 200);
        var secondAnswers = await DrawAsync(second, 200);
        var otherAnswers = await DrawAsync(other, 200);

        Assert.Equal(firstAnswers, secondAnswers);
        Assert.NotEqual(firstAnswers, otherAnswers);
    }

    [Fact]
    public async Task Probability_fault_with_a_count_stops_after_that_many_failures()
    {
        var runtime = new SandboxRuntime(NullStateStore.Instance);
        runtime.SetFault(new SandboxFaultRule { Operation = "*", Status = 503, Probability = 0.5, Seed = 1, Count = 5 });

        var answers = await DrawAsync(runtime, 200);

        Assert.Equal(5, answers.Count(status => status == 503));
        Assert.Empty(runtime.GetFaults());
    }

    [Fact]
    public async Task Probability_fault_answers_a_real_scaleway_call_with_the_drawn_status()
    {
        await using var server = await ScalewayTestServer.StartAsync();
        server.Runtime.SetFault(new SandboxFaultRule { Operation = "*", Statuses = [503], Probability = 1, Seed = 3 });

        var response = await server.GetAsync("/vpc/v2/regions/fr-par/vpcs");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Probability_outside_zero_to_one_is_refused(double probability)
    {
        var runtime = new SandboxRuntime(NullStateStore.Instance);

        Assert.Throws<ArgumentException>(() => runtime.SetFault(new SandboxFaultRule { Operation = "*", Status = 503, Probability = probability }));
    }

    [Fact]
    public void Fault_with_both_a_status_and_statuses_is_refused()
    {
        var runtime = new SandboxRuntime(NullStateStore.Instance);

        Assert.Throws<ArgumentException>(() => runtime.SetFault(new SandboxFaultRule { Operation = "*", Status = 503, Statuses = [429] }));
    }

    [Fact]
    public void Probability_without_a_status_is_refused()
    {
        var runtime = new SandboxRuntime(NullStateStore.Instance);

        Assert.Throws<ArgumentException>(() => runtime.SetFault(new SandboxFaultRule { Operation = "*", Probability = 0.3, LatencyMs = 10 }));
    }
}
