using System.Text;
using CoderBootstrap.Activities.Infra;
using k8s;
using Temporalio.Client;

namespace CoderBootstrap.Workflows.Tests;

/// <summary>No secret — Scaleway keys, database password, admin password, kubeconfig token — in any workflow history or log.</summary>
public sealed class SecretHygieneTests
{
    [Fact]
    public async Task SecretsOfADevSetupAppearInNoHistoryAndNoLog()
    {
        var cloud = new CloudFixture();
        await cloud.InitializeAsync();
        try
        {
            await cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(new SetupInput("dev")), new(WorkflowNames.Setup("dev"), WorkflowNames.TaskQueue));

            var kubeconfig = (await cloud.Services.Kubeconfigs.DownloadAsync("dev"))!;
            var token = kubeconfig.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("token:", StringComparison.Ordinal))["token:".Length..].Trim();
            var database = (await new DatabaseCredentialsStore(cloud.Services.S3, cloud.Services.State).ReadAsync("dev", CancellationToken.None))!;
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig));
            using var kubernetes = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
            var adminSecret = await kubernetes.CoreV1.ReadNamespacedSecretAsync("coder-admin", cloud.Services.Environments.Load("dev").Coder.Namespace);
            var adminPassword = Encoding.UTF8.GetString(adminSecret.Data["password"]);
            var secrets = new Dictionary<string, string>
            {
                ["Scaleway secret key"] = cloud.Sandbox.SecretKey,
                ["kubeconfig token"] = token,
                ["database password"] = database.Password,
                ["admin password"] = adminPassword,
            };
            Assert.All(secrets.Values, s => Assert.True(s.Length >= 8));

            var texts = new List<(string Where, string Text)>();
            foreach (var id in new[] { WorkflowNames.Setup("dev"), WorkflowNames.Infra("dev"), WorkflowNames.Coder("dev") })
            {
                var history = await cloud.Client.GetWorkflowHandle(id).FetchHistoryAsync();
                texts.Add(($"history of {id}", history.ToJson()));
                // Payloads are base64 in the JSON form: search the raw bytes of every event too.
                foreach (var e in history.Events)
                {
                    texts.Add(($"event {e.EventId} of {id}", Encoding.UTF8.GetString(Google.Protobuf.MessageExtensions.ToByteArray(e))));
                }
            }
            texts.AddRange(cloud.LogLines.Select(line => ("log", line)));
            // Control: what is not secret (the database user's name, carried in payloads) is found by the same search.
            Assert.Contains(texts, t => t.Where.StartsWith("event", StringComparison.Ordinal) && t.Text.Contains($"\"{database.UserName}\"", StringComparison.Ordinal));
            foreach (var (name, secret) in secrets)
            {
                foreach (var (where, text) in texts)
                {
                    Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{name} found in {where}");
                    Assert.False(text.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), StringComparison.Ordinal), $"{name} (base64) found in {where}");
                }
            }
        }
        finally
        {
            await cloud.DisposeAsync();
        }
    }
}
