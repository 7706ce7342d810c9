using System.Diagnostics;
using k8s;

namespace CoderBootstrap.Sandbox.Tests.Kubernetes;

/// <summary>kubectl against the sandbox, when a kubectl binary is on the PATH (skipped otherwise).</summary>
public sealed class KubectlTests : IAsyncLifetime
{
    private KubernetesSandbox _sandbox = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await KubernetesSandbox.StartAsync();
        _directory = Directory.CreateTempSubdirectory("kubectl-sandbox-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_directory, "kubeconfig"), _sandbox.Server.KubectlKubeconfig(KubernetesSandbox.ClusterId));
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [SkippableKubectlFact]
    public async Task KubectlGetsNodesAndStorageClasses()
    {
        var (exitCode, output, error) = await KubectlAsync("get", "nodes,sc");

        Assert.True(exitCode == 0, error);
        Assert.Contains("node/scw-sandbox-default-0a1b2c", output);
        Assert.Contains("Ready", output);
        Assert.Contains("storageclass.storage.k8s.io/sbs-default (default)", output);
        Assert.Contains("csi.scaleway.com", output);
    }

    [SkippableKubectlFact]
    public async Task KubectlServerSideAppliesADeploymentAndAService()
    {
        var manifest = Path.Combine(_directory, "coder.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: default
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    ports:
                    - containerPort: 80
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: default
            spec:
              type: LoadBalancer
              selector:
                app: web
              ports:
              - port: 80
                targetPort: 80
            """);

        var (exitCode, output, error) = await KubectlAsync("apply", "--server-side", "-f", manifest);
        var again = await KubectlAsync("apply", "--server-side", "-f", manifest);

        Assert.True(exitCode == 0, error);
        Assert.Contains("deployment.apps/web serverside-applied", output);
        Assert.Contains("service/web serverside-applied", output);
        Assert.True(again.ExitCode == 0, again.Error);
        var deployment = await _sandbox.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        Assert.Equal("kubectl", Assert.Single(deployment.Metadata.ManagedFields, entry => entry.Operation == "Apply").Manager);
        Assert.Equal("LoadBalancer", (await _sandbox.Client.CoreV1.ReadNamespacedServiceAsync("web", "default")).Spec.Type);
    }

    [SkippableKubectlFact]
    public async Task KubectlWaitsForADeploymentRollout()
    {
        await _sandbox.Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "nginx:1.27"), "default");

        var (exitCode, output, error) = await KubectlAsync("rollout", "status", "deployment/web", "--timeout=60s");

        Assert.True(exitCode == 0, error);
        Assert.Contains("successfully rolled out", output);
    }

    [SkippableKubectlFact]
    public async Task KubectlReadsTheLogOfARunningDeploymentAndDescribesNodes()
    {
        await _sandbox.Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "nginx:1.27"), "default");
        await KubernetesSandbox.EventuallyAsync(
            async () => (await _sandbox.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Status.AvailableReplicas == 1, "available");

        var logs = await KubectlAsync("logs", "deployment/web");
        var describe = await KubectlAsync("describe", "nodes");
        var wide = await KubectlAsync("get", "pods", "-o", "wide");

        Assert.True(logs.ExitCode == 0, logs.Error);
        Assert.True(describe.ExitCode == 0, describe.Error);
        Assert.Contains("k8s.scaleway.com/pool-name=default", describe.Output);
        Assert.True(wide.ExitCode == 0, wide.Error);
        Assert.Contains("Running", wide.Output);
    }

    [SkippableKubectlFact]
    public async Task KubectlClientSideApplyCreatesThenPatchesAConfigMap()
    {
        var manifest = Path.Combine(_directory, "settings.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: a\n");
        var created = await KubectlAsync("apply", "-f", manifest);
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: b\n");
        var configured = await KubectlAsync("apply", "-f", manifest);

        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Contains("configmap/settings created", created.Output);
        Assert.True(configured.ExitCode == 0, configured.Error);
        Assert.Contains("configmap/settings configured", configured.Output);
        Assert.Equal("b", (await _sandbox.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default")).Data["mode"]);
    }

    [SkippableKubectlFact]
    public async Task KubectlCreatesAndDeletesANamespace()
    {
        var created = await KubectlAsync("create", "namespace", "coder");
        var all = await KubectlAsync("get", "all", "-n", "coder");
        var deleted = await KubectlAsync("delete", "namespace", "coder");

        Assert.True(created.ExitCode == 0, created.Error);
        Assert.True(all.ExitCode == 0, all.Error);
        Assert.True(deleted.ExitCode == 0, deleted.Error);
        Assert.Contains("namespace \"coder\" deleted", deleted.Output);
    }

    [SkippableKubectlFact]
    public async Task KubectlClusterInfoAndVersionReachTheCluster()
    {
        var info = await KubectlAsync("cluster-info");
        var version = await KubectlAsync("version");

        Assert.True(info.ExitCode == 0, info.Error);
        Assert.Contains("is running at", info.Output);
        Assert.True(version.ExitCode == 0, version.Error);
        Assert.Contains("Server Version: v1.31.2", version.Output);
    }

    [SkippableKubectlFact]
    public async Task KubectlDeleteOfAMissingObjectReportsNotFound()
    {
        var (exitCode, _, error) = await KubectlAsync("delete", "configmap", "absent");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("configmaps \"absent\" not found", error);
    }

    private async Task<(int ExitCode, string Output, string Error)> KubectlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(Path.Combine(_directory, "kubeconfig"));
        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(Path.Combine(_directory, "cache"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = _directory;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish: {await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
