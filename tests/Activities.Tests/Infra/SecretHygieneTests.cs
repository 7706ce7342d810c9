using System.Text.Json;
using CoderBootstrap.Activities.Contracts;
using CoderBootstrap.Activities.Infra;
using Temporalio.Converters;
using Temporalio.Testing;

namespace CoderBootstrap.Activities.Tests.Infra;

public sealed class SecretHygieneTests : IAsyncLifetime
{
    private InfraSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await InfraSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task NoSecretAppearsInAnyPhaseOneOutputHeartbeatOrLogLine()
    {
        var payloads = new List<string>();
        var environment = new ActivityEnvironment { Heartbeater = details => payloads.AddRange(details.Select(Serialized)) };
        async Task<T> Run<T>(Func<PhaseOneActivities, Task<T>> activity)
        {
            var result = await _sandbox.RunAsync(activity, environment);
            payloads.Add(Serialized(result));
            return result;
        }

        await Run(a => a.PlanAsync("dev"));
        var network = await Run(a => a.EnsurePrivateNetworkAsync("dev"));
        var cluster = await Run(a => a.EnsureClusterAsync(new EnsureClusterInput(a.Snapshot("dev"), network.PrivateNetworkId)));
        var database = await Run(a => a.EnsureDatabaseAsync(new EnsureDatabaseInput(a.Snapshot("dev"), network.PrivateNetworkId)));
        var clusterReady = await Run(a => a.WaitForClusterReadyAsync(new WaitForClusterInput(a.Snapshot("dev"), cluster.ClusterId)));
        var kubeconfig = await Run(a => a.PublishKubeconfigAsync(new PublishKubeconfigInput(a.Snapshot("dev"), cluster.ClusterId)));
        var databaseReady = await Run(a => a.WaitForDatabaseReadyAsync(new WaitForDatabaseInput(a.Snapshot("dev"), database.InstanceId)));
        await Run(a => a.RecordInfraStateAsync(new RecordInfraStateInput(a.Snapshot("dev"), network, clusterReady, databaseReady, kubeconfig)));

        using var stored = await _sandbox.Services.S3.GetObjectAsync("terraform-state-coder-dev", databaseReady.CredentialsObjectKey);
        var password = (await JsonSerializer.DeserializeAsync<DatabaseCredentials>(stored.ResponseStream))!.Password;
        var kubeconfigText = await _sandbox.Services.Scaleway.Kapsule.GetKubeconfigAsync(cluster.ClusterId);
        var token = kubeconfigText.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("token:", StringComparison.Ordinal))["token:".Length..].Trim();
        var secrets = new Dictionary<string, string>
        {
            ["database password"] = password,
            ["Scaleway secret key"] = _sandbox.Host.SecretKey,
            ["kubeconfig token"] = token,
        };
        var everything = string.Join('\n', payloads) + '\n' + _sandbox.Log.AllText;

        Assert.True(payloads.Count > 10, "outputs and heartbeats should have been captured");
        Assert.NotEmpty(_sandbox.Log.Lines);
        Assert.All(secrets, secret => Assert.False(everything.Contains(secret.Value, StringComparison.Ordinal), $"the {secret.Key} leaked"));
        Assert.DoesNotContain("kind: Config", everything, StringComparison.Ordinal);
    }

    private static string Serialized(object? value) => DataConverter.Default.PayloadConverter.ToPayload(value).Data.ToStringUtf8();
}
