using System.Text.Json;

namespace CoderBootstrap.DevServer.Http;

/// <summary>
/// The document the Web UI loads from <c>/api/v1/settings</c> before anything else (the UI server's
/// own configuration, PascalCase as the Go UI server writes it): no auth, no codec, writes allowed.
/// </summary>
public sealed record UiSettings(string DefaultNamespace, string UiVersion)
{
    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["Auth"] = new Dictionary<string, object?> { ["Enabled"] = false, ["Options"] = Array.Empty<string>() },
        ["BannerText"] = string.Empty,
        ["DefaultNamespace"] = DefaultNamespace,
        ["ShowTemporalSystemNamespace"] = false,
        ["FeedbackURL"] = string.Empty,
        ["NotifyOnNewVersion"] = false,
        ["Codec"] = new Dictionary<string, object?>
        {
            ["Endpoint"] = string.Empty,
            ["PassAccessToken"] = false,
            ["IncludeCredentials"] = false,
            ["DefaultErrorMessage"] = string.Empty,
            ["DefaultErrorLink"] = string.Empty,
        },
        ["Version"] = UiVersion,
        ["DisableWriteActions"] = false,
        ["WorkflowTerminateDisabled"] = false,
        ["WorkflowCancelDisabled"] = false,
        ["WorkflowSignalDisabled"] = false,
        ["WorkflowUpdateDisabled"] = false,
        ["WorkflowResetDisabled"] = false,
        ["BatchActionsDisabled"] = true,
        ["StartWorkflowDisabled"] = false,
        ["HideWorkflowQueryErrors"] = false,
        ["RefreshWorkflowCountsDisabled"] = false,
    });
}
