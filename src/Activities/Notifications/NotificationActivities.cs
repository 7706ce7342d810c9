using System.Net.Mail;
using System.Text;
using CoderBootstrap.Activities.Runtime;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace CoderBootstrap.Activities.Notifications;

/// <summary>
/// Delivers a notification to every configured channel that wants its event. A channel that fails
/// makes the attempt fail (retried by Temporal with backoff); channels already delivered are kept
/// in the heartbeat, so a retry does not send them twice. URLs and passwords are read here, from
/// the worker's environment, and never logged.
/// </summary>
public sealed class NotificationActivities(HttpClient http, Func<IReadOnlyList<NotificationChannel>> channels, Func<string, string?> environment, Serilog.ILogger log)
{
    /// <summary>Environment variable with the Temporal UI's address, for the link in notifications.</summary>
    public const string UiUrlVariable = "CODER_BOOTSTRAP_UI_URL";

    private readonly Serilog.ILogger _log = log.ForContext<NotificationActivities>();

    [Activity]
    public async Task<NotificationOutcome> DeliverAsync(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var ct = ActivityRun.CancellationToken;
        var info = ActivityExecutionContext.Current.Info;
        var delivered = info.HeartbeatDetails.Count > 0
            ? (await info.HeartbeatDetailAtAsync<List<string>>(0).ConfigureAwait(false)) ?? []
            : [];
        var skipped = new List<string>();
        var wanted = new SortedSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        var link = environment(UiUrlVariable) is { Length: > 0 } ui
            ? $"{ui.TrimEnd('/')}/namespaces/default/workflows/{Uri.EscapeDataString(notification.WorkflowId)}/{Uri.EscapeDataString(notification.RunId)}"
            : null;
        foreach (var channel in channels())
        {
            // An SMTP relay is configured when its password (if it has one) is set, a webhook when its URL is.
            var reference = channel.Type == ChannelType.Smtp ? channel.Password : channel.Url;
            var configured = reference is null || !string.IsNullOrEmpty(environment(reference.EnvironmentVariable));
            if (configured)
            {
                wanted.UnionWith(channel.Events);
            }
            if (delivered.Contains(channel.Name))
            {
                continue;
            }
            if (!channel.Wants(notification.Event))
            {
                skipped.Add($"{channel.Name} (not subscribed to {notification.Event})");
                continue;
            }
            if (!configured)
            {
                skipped.Add($"{channel.Name} (not configured: {reference!.EnvironmentVariable} is not set)");
                continue;
            }
            try
            {
                await SendAsync(channel, notification, link, ct).ConfigureAwait(false);
                delivered.Add(channel.Name);
                ActivityRun.Heartbeat(delivered);
                _log.Information("Notification {Event} of {Environment} delivered to {Channel}", notification.Event, notification.Environment, channel.Name);
            }
            catch (Exception e) when (e is HttpRequestException or SmtpException or TaskCanceledException or InvalidOperationException or Environments.EnvironmentSpecException)
            {
                failures.Add($"{channel.Name}: {e.Message}");
                _log.Warning("Notification {Event} of {Environment} to {Channel} failed: {Reason}", notification.Event, notification.Environment, channel.Name, e.Message);
            }
        }
        if (failures.Count > 0)
        {
            throw new ApplicationFailureException($"notification {notification.Event} not delivered to {string.Join("; ", failures)}", "NotificationFailed");
        }
        return new NotificationOutcome(delivered, skipped, [.. wanted]);
    }

    private async Task SendAsync(NotificationChannel channel, Notification n, string? link, CancellationToken ct)
    {
        switch (channel.Type)
        {
            case ChannelType.Smtp:
                await SendMailAsync(channel, n, link, ct).ConfigureAwait(false);
                return;
            default:
                var url = channel.Url!.Resolve(environment);
                var body = channel.Type == ChannelType.Slack ? NotificationPayloads.Slack(n, link) : NotificationPayloads.Webhook(n, link);
                using (var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"))
                using (var response = await http.PostAsync(new Uri(url), content, ct).ConfigureAwait(false))
                {
                    if (!response.IsSuccessStatusCode)
                    {
                        // The status only: the URL is a secret.
                        throw new HttpRequestException($"the receiver answered {(int)response.StatusCode}");
                    }
                }
                return;
        }
    }

    private async Task SendMailAsync(NotificationChannel channel, Notification n, string? link, CancellationToken ct)
    {
        using var client = new SmtpClient(channel.SmtpHost, channel.SmtpPort) { EnableSsl = channel.UsesStartTls };
        if (channel.Username is not null && channel.Password is not null)
        {
            client.Credentials = new System.Net.NetworkCredential(channel.Username.Resolve(environment), channel.Password.Resolve(environment));
        }
        var text = new StringBuilder().AppendLine(n.Title).AppendLine()
            .Append("event: ").AppendLine(n.Event)
            .Append("environment: ").AppendLine(n.Environment)
            .Append("time: ").AppendLine(n.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in n.Details)
        {
            text.Append(key).Append(": ").AppendLine(value);
        }
        text.AppendLine().Append(n.WorkflowId).Append(" run ").AppendLine(n.RunId);
        if (link is not null)
        {
            text.AppendLine(link);
        }
        using var message = new MailMessage
        {
            From = new MailAddress(channel.From!),
            Subject = $"[coder-bootstrap {n.Environment}] {n.Title}",
            SubjectEncoding = Encoding.UTF8,
            Body = text.ToString(),
            BodyEncoding = Encoding.UTF8,
            BodyTransferEncoding = System.Net.Mime.TransferEncoding.Base64,
        };
        foreach (var to in channel.To ?? [])
        {
            message.To.Add(to);
        }
        await client.SendMailAsync(message, ct).ConfigureAwait(false);
    }
}
