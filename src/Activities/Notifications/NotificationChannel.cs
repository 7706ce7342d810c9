using System.Text.RegularExpressions;
using CoderBootstrap.Activities.Environments;

namespace CoderBootstrap.Activities.Notifications;

/// <summary>How a channel delivers: a Slack incoming webhook (blocks), a generic JSON webhook, or email through an SMTP relay.</summary>
public enum ChannelType
{
    Slack,
    Webhook,
    Smtp,
}

/// <summary>
/// One notification channel of deploy/notifications.yaml. URLs and passwords are secrets:
/// environment references only, resolved by the delivering activity (never in a workflow's history).
/// A channel whose reference is not set is not configured and is skipped.
/// </summary>
public sealed record NotificationChannel(string Name, ChannelType Type, SecretReference? Url, IReadOnlyList<string> Events,
    string? SmtpHost = null, int SmtpPort = 587, string? From = null, IReadOnlyList<string>? To = null, SecretReference? Username = null, SecretReference? Password = null, bool? StartTls = null)
{
    /// <summary>STARTTLS unless the file says <c>tls: none</c>; by default off only on port 25.</summary>
    public bool UsesStartTls => StartTls ?? SmtpPort != 25;

    public bool Wants(string eventName) => Events.Contains("all") || Events.Contains(eventName);
}

/// <summary>Reads deploy/notifications.yaml (absent: no channel).</summary>
public static partial class NotificationChannels
{
    /// <summary>Every event a run reports.</summary>
    public static readonly IReadOnlyList<string> Events =
    [
        "setup.started", "setup.completed", "setup.failed", "teardown.started", "teardown.completed", "teardown.failed",
        "backup.started", "backup.completed", "backup.failed", "restore.started", "restore.completed", "restore.failed",
        "approval.waiting", "budget.threshold_crossed", "scale.completed", "drift.found",
    ];

    public static IReadOnlyList<NotificationChannel> Load(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        var root = YamlMap.Root(Path.GetFileName(path), File.ReadAllText(path), ["channels"]);
        var channels = new List<NotificationChannel>();
        foreach (var entry in root.MapList("channels", ["name", "type", "url", "events", "host", "port", "from", "to", "username", "password", "tls"]))
        {
            var type = entry.RequiredChoice("type", ["slack", "webhook", "smtp"]) switch
            {
                "slack" => ChannelType.Slack,
                "webhook" => ChannelType.Webhook,
                _ => ChannelType.Smtp,
            };
            var events = entry.Has("events")
                ? entry.StringList("events", e => e == "all" || Events.Contains(e), "'all' or event names (" + string.Join(", ", Events) + ")", allowEmpty: false)
                : ["all"];
            channels.Add(new NotificationChannel(
                entry.RequiredString("name"),
                type,
                type == ChannelType.Smtp ? null : Reference(entry, "url"),
                events,
                type == ChannelType.Smtp ? entry.RequiredString("host") : null,
                type == ChannelType.Smtp && entry.Has("port") ? entry.RequiredInt("port", 1, 65535) : 587,
                type == ChannelType.Smtp ? entry.RequiredString("from") : null,
                type == ChannelType.Smtp ? entry.StringList("to", t => t.Contains('@', StringComparison.Ordinal), "email addresses", allowEmpty: false) : null,
                type == ChannelType.Smtp && entry.Has("username") ? Reference(entry, "username") : null,
                type == ChannelType.Smtp && entry.Has("password") ? Reference(entry, "password") : null,
                type == ChannelType.Smtp && entry.Has("tls") ? entry.RequiredChoice("tls", ["starttls", "none"]) == "starttls" : null));
        }
        return channels;
    }

    private static SecretReference Reference(YamlMap parent, string key)
    {
        var map = parent.RequiredMap(key, ["from_env"]);
        return new SecretReference(map.RequiredString("from_env", v => VariableName().IsMatch(v), "an environment variable name (A-Z, 0-9, _)"));
    }

    [GeneratedRegex("^[A-Z_][A-Z0-9_]*$")]
    private static partial Regex VariableName();
}
