using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoderBootstrap.Sandbox.Hosting;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

/// <summary>The kubeconfig a user downloads from the sandbox's Kapsule API works with kubectl, as the real one does.</summary>
public sealed class KapsuleKubeconfigKubectlTests
{
    [SkippableKubectlFact]
    public async Task KapsuleKubeconfigLetsKubectlGetNodesAndServerSideApply()
    {
        await using var sandbox = await SandboxHost.StartAsync(new SandboxHostOptions { TimeScale = 0.002, UseRealPostgres = false });
        using var http = new HttpClient { BaseAddress = new Uri(sandbox.ScalewayUrl + "/") };
        http.DefaultRequestHeaders.Add("X-Auth-Token", sandbox.SecretKey);
        var network = await PostAsync(http, "vpc/v2/regions/fr-par/private-networks", new JsonObject { ["name"] = "pn", ["project_id"] = sandbox.ProjectId });
        var versions = await http.GetFromJsonAsync<JsonObject>("k8s/v1/regions/fr-par/versions");
        var cluster = await PostAsync(http, "k8s/v1/regions/fr-par/clusters", new JsonObject
        {
            ["name"] = "kubectl-check",
            ["project_id"] = sandbox.ProjectId,
            ["type"] = "kapsule",
            ["version"] = versions!["versions"]![0]!["name"]!.GetValue<string>(),
            ["cni"] = "cilium",
            ["private_network_id"] = network["id"]!.GetValue<string>(),
            ["pools"] = new JsonArray(new JsonObject { ["name"] = "default", ["node_type"] = "GP1-XS", ["size"] = 2 }),
        });
        var clusterId = cluster["id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await http.GetFromJsonAsync<JsonObject>($"k8s/v1/regions/fr-par/clusters/{clusterId}/nodes"))!["nodes"]!.AsArray().Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        var directory = Directory.CreateTempSubdirectory("kapsule-kubectl-").FullName;
        try
        {
            var kubeconfig = Path.Combine(directory, "kubeconfig");
            await File.WriteAllTextAsync(kubeconfig, await http.GetStringAsync($"k8s/v1/regions/fr-par/clusters/{clusterId}/kubeconfig?dl=1"));
            await File.WriteAllTextAsync(Path.Combine(directory, "app.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: web, namespace: default }
                spec:
                  replicas: 1
                  selector: { matchLabels: { app: web } }
                  template:
                    metadata: { labels: { app: web } }
                    spec: { containers: [ { name: web, image: nginx:1.27, ports: [ { containerPort: 80 } ] } ] }
                ---
                apiVersion: v1
                kind: Service
                metadata: { name: web, namespace: default }
                spec: { selector: { app: web }, ports: [ { port: 80, targetPort: 80 } ] }
                """);

            // Nodes register with the cluster's API once the pool is ready: give it time on a loaded machine.
            var (getCode, getOutput, getError) = await KubectlAsync("--kubeconfig", kubeconfig, "get", "nodes,sc");
            for (var attempt = 0; attempt < 100 && getOutput.Split('\n').Count(line => line.StartsWith("node/", StringComparison.Ordinal)) < 2; attempt++)
            {
                await Task.Delay(200);
                (getCode, getOutput, getError) = await KubectlAsync("--kubeconfig", kubeconfig, "get", "nodes,sc");
            }
            var (applyCode, applyOutput, applyError) = await KubectlAsync("--kubeconfig", kubeconfig, "apply", "--server-side", "-f", Path.Combine(directory, "app.yaml"));

            Assert.True(getCode == 0, getError);
            Assert.Contains("sbs-default (default)", getOutput);
            Assert.Equal(2, getOutput.Split('\n').Count(line => line.StartsWith("node/", StringComparison.Ordinal)));
            Assert.True(applyCode == 0, applyError);
            Assert.Contains("deployment.apps/web serverside-applied", applyOutput);
            Assert.Contains("service/web serverside-applied", applyOutput);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<JsonObject> PostAsync(HttpClient http, string path, JsonObject body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<(int ExitCode, string Output, string Error)> KubectlAsync(params string[] args)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await output, await error);
    }
}
