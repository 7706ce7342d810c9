using CoderBootstrap.Activities.Environments;
using CoderBootstrap.Activities.Notifications;

namespace CoderBootstrap.Activities.Tests.Notifications;

public sealed class NotificationDeliveryTests
{
    private static readonly Notification Started = new("setup.started", "dev", "setup-dev", "run-1", "setup of dev started", new Dictionary<string, string>(), DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task TheOutcomeListsTheEventsOfConfiguredChannelsOnly()
    {
        NotificationChannel[] channels =
        [
            new("ops", ChannelType.Webhook, new SecretReference("OPS_URL"), ["setup.failed", "approval.waiting"]),
            new("slack", ChannelType.Slack, new SecretReference("SLACK_URL"), ["all"]),
            new("mail", ChannelType.Smtp, null, ["teardown.failed"], "127.0.0.1", 25, "a@example.com", ["b@example.com"], null, new SecretReference("SMTP_PASSWORD")),
        ];
        var variables = new Dictionary<string, string?> { ["OPS_URL"] = "http://127.0.0.1:9/hook" };
        using var http = new HttpClient();
        var activities = new NotificationActivities(http, () => channels, variables.GetValueOrDefault, Serilog.Core.Logger.None);

        var outcome = await new Temporalio.Testing.ActivityEnvironment().RunAsync(() => activities.DeliverAsync(Started));

        Assert.Empty(outcome.Delivered);
        Assert.Equal(["approval.waiting", "setup.failed"], outcome.Wanted);
        Assert.Contains(outcome.Skipped, s => s.StartsWith("slack (not configured: SLACK_URL", StringComparison.Ordinal));
        Assert.Contains(outcome.Skipped, s => s.StartsWith("mail (not subscribed", StringComparison.Ordinal));
        Assert.False(outcome.Wants("setup.completed"));
        Assert.True(outcome.Wants("setup.failed"));
    }

    [Fact]
    public void AnSmtpChannelUsesStartTlsUnlessTheFileSaysNoneOrItIsPort25()
    {
        var path = Path.Combine(Path.GetTempPath(), $"notifications-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            channels:
              - name: relay
                type: smtp
                host: smtp.example.com
                from: a@example.com
                to: [b@example.com]
              - name: local
                type: smtp
                host: 127.0.0.1
                port: 2525
                tls: none
                from: a@example.com
                to: [b@example.com]
              - name: plain
                type: smtp
                host: 127.0.0.1
                port: 25
                from: a@example.com
                to: [b@example.com]
            """);
        try
        {
            Assert.Equal([true, false, false], NotificationChannels.Load(path).Select(c => c.UsesStartTls));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
