using CoderBootstrap.Sandbox.Runtime;

namespace CoderBootstrap.Sandbox.Tests.Runtime;

public sealed class SandboxConfigurationTests
{
    [Fact]
    public void Json_configuration_reads_time_scale_and_faults()
    {
        var configuration = SandboxConfiguration.ParseJson("""{"timeScale": 0.01, "faults": [{"operation": "k8s.clusters.create", "status": 503, "count": 2, "type": "unknown"}]}""");

        Assert.Equal(0.01, configuration.TimeScale);
        var fault = Assert.Single(configuration.Faults);
        Assert.Equal(("k8s.clusters.create", 503, 2), (fault.Operation, fault.Status!.Value, fault.Count!.Value));
    }

    [Fact]
    public void Yaml_configuration_reads_time_scale_and_faults()
    {
        var configuration = SandboxConfiguration.ParseYaml("""
            timeScale: 0.5
            faults:
              - operation: rdb.instances.get
                latencyMs: 250
              - operation: lb.lbs.delete
                status: 409
                type: transient_state
            """);

        Assert.Equal(0.5, configuration.TimeScale);
        Assert.Equal(250, configuration.Faults[0].LatencyMs);
        Assert.Equal(409, configuration.Faults[1].Status);
        Assert.Null(configuration.Faults[1].Count);
    }

    [Fact]
    public void Yaml_configuration_reads_a_seeded_probability_fault_on_every_operation()
    {
        var configuration = SandboxConfiguration.ParseYaml("""
            faults:
              - operation: "*"
                statuses: [429, 503]
                probability: 0.3
                seed: 11
            """);

        var fault = Assert.Single(configuration.Faults);
        Assert.Equal("*", fault.Operation);
        Assert.Equal([429, 503], fault.Statuses!);
        Assert.Equal(0.3, fault.Probability);
        Assert.Equal(11, fault.Seed);
    }

    [Fact]
    public void Environment_variables_override_the_time_scale_and_add_faults()
    {
        var variables = new Dictionary<string, string>
        {
            [SandboxConfiguration.TimeScaleVariable] = "0.02",
            [SandboxConfiguration.FaultsVariable] = """[{"operation": "vpc.*", "status": 500}]""",
        };

        var configuration = SandboxConfiguration.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.Equal(0.02, configuration.TimeScale);
        Assert.Equal("vpc.*", Assert.Single(configuration.Faults).Operation);
    }

    [Fact]
    public void Applying_a_configuration_arms_its_faults_on_the_runtime()
    {
        var runtime = new SandboxRuntime(NullStateStore.Instance);

        runtime.Apply(SandboxConfiguration.ParseJson("""{"timeScale": 0.1, "faults": [{"operation": "k8s.apply", "status": 500, "count": 1}]}"""));

        Assert.Equal(0.1, runtime.TimeScale);
        Assert.Equal("k8s.apply", Assert.Single(runtime.GetFaults()).Operation);
    }

    [Fact]
    public async Task Runtime_entering_an_operation_without_request_scope_still_logs_it()
    {
        var runtime = new SandboxRuntime(NullStateStore.Instance);
        runtime.SetFault(new SandboxFaultRule { Operation = "s3.objects.put", Status = 500, Count = 1 });

        var fault = await runtime.EnterAsync("s3.objects.put", mutation: true, CancellationToken.None);
        var next = await runtime.EnterAsync("s3.objects.put", mutation: true, CancellationToken.None);

        Assert.Equal(500, fault!.StatusCode);
        Assert.Null(next);
        Assert.Equal(2, runtime.GetRequestLog("s3.").Count);
    }
}
