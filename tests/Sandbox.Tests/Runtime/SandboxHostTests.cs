using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Hosting;

namespace CoderBootstrap.Sandbox.Tests.Runtime;

public sealed class SandboxHostTests
{
    [Fact]
    public async Task Embedded_host_serves_the_scaleway_api_with_its_token_and_the_admin_endpoints()
    {
        await using var sandbox = await SandboxHost.StartAsync(new SandboxHostOptions { TimeScale = 0.01, UseRealPostgres = false });
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", sandbox.Token);

        using var clusters = await client.GetAsync($"{sandbox.ScalewayUrl}/k8s/v1/regions/{sandbox.Region}/clusters");
        var counters = JsonNode.Parse(await client.GetStringAsync($"{sandbox.AdminUrl}/counters"))!;

        Assert.Equal(HttpStatusCode.OK, clusters.StatusCode);
        Assert.Equal(1, counters["operations"]!["k8s.clusters.list"]!["reads"]!.GetValue<int>());
        Assert.StartsWith("http://127.0.0.1:", sandbox.ScalewayUrl, StringComparison.Ordinal);
        Assert.Equal(sandbox.SecretKey, sandbox.Token);
        Assert.StartsWith("SCW", sandbox.AccessKey, StringComparison.Ordinal);
        Assert.Equal("fr-par-1", sandbox.Zone);
        Assert.False(string.IsNullOrEmpty(sandbox.S3Url));
        Assert.False(string.IsNullOrEmpty(sandbox.KubernetesUrl));
    }

    [Fact]
    public async Task Host_with_a_state_directory_keeps_its_credentials_across_restarts()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sandbox-host-" + Guid.NewGuid().ToString("N"));
        try
        {
            string secret, project;
            await using (var first = await SandboxHost.StartAsync(new SandboxHostOptions { StateDirectory = directory, UseRealPostgres = false }))
            {
                (secret, project) = (first.SecretKey, first.ProjectId);
            }

            await using var second = await SandboxHost.StartAsync(new SandboxHostOptions { StateDirectory = directory, UseRealPostgres = false });

            Assert.Equal(secret, second.SecretKey);
            Assert.Equal(project, second.ProjectId);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Faults_file_given_at_start_is_armed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sandbox-faults-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, """
            faults:
              - operation: vpc.vpcs.list
                status: 503
                count: 1
            """);
        try
        {
            await using var sandbox = await SandboxHost.StartAsync(new SandboxHostOptions { FaultsFile = file, UseRealPostgres = false });
            using var client = new HttpClient();
            client.DefaultRequestHeaders.Add("X-Auth-Token", sandbox.Token);

            using var first = await client.GetAsync($"{sandbox.ScalewayUrl}/vpc/v2/regions/fr-par/vpcs");
            using var second = await client.GetAsync($"{sandbox.ScalewayUrl}/vpc/v2/regions/fr-par/vpcs");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Executable_with_json_prints_endpoints_and_credentials_as_its_first_line()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "sandbox.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { dll, "--json", "--no-postgres", "--time-scale", "0.01" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
            var description = JsonNode.Parse(line!)!;
            using var client = new HttpClient();
            client.DefaultRequestHeaders.Add("X-Auth-Token", description["token"]!.GetValue<string>());
            using var response = await client.GetAsync($"{description["scaleway"]!.GetValue<string>()}/vpc/v2/regions/fr-par/vpcs");

            foreach (var key in new[] { "scaleway", "s3", "admin", "token", "accessKey", "secretKey", "projectId" })
            {
                Assert.False(string.IsNullOrEmpty(description[key]?.GetValue<string>()), $"{key} is missing");
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
