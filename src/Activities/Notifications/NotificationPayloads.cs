using System.Text.Json.Nodes;

namespace CoderBootstrap.Activities.Notifications;

/// <summary>The bodies sent: Slack's incoming-webhook blocks, and the generic JSON webhook's fields.</summary>
public static class NotificationPayloads
{
    /// <summary>A Slack message: a header, the title, the details as fields, a context line with the run and its link.</summary>
    public static JsonObject Slack(Notification n, string? link)
    {
        ArgumentNullException.ThrowIfNull(n);
        var fields = new JsonArray(n.Details.Take(10).Select(d => (JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{d.Key}*\n{d.Value}" }).ToArray());
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = $"coder-bootstrap · {n.Environment} · {n.Event}" } },
            new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = n.Title } },
        };
        if (fields.Count > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        }
        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = $"{n.WorkflowId} · run {n.RunId} · {n.Time:yyyy-MM-dd HH:mm} UTC" + (link is null ? string.Empty : $" · <{link}|open>") }),
        });
        return new JsonObject { ["text"] = $"[{n.Environment}] {n.Title}", ["blocks"] = blocks };
    }

    /// <summary>The generic webhook: event, environment, run id, link, time, details.</summary>
    public static JsonObject Webhook(Notification n, string? link)
    {
        ArgumentNullException.ThrowIfNull(n);
        var details = new JsonObject();
        foreach (var (key, value) in n.Details)
        {
            details[key] = value;
        }
        return new JsonObject
        {
            ["event"] = n.Event,
            ["environment"] = n.Environment,
            ["workflow_id"] = n.WorkflowId,
            ["run_id"] = n.RunId,
            ["link"] = link,
            ["time"] = n.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["title"] = n.Title,
            ["details"] = details,
        };
    }
}
