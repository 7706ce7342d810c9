using CoderBootstrap.Activities.Cost;
using CoderBootstrap.Activities.Notifications;

namespace CoderBootstrap.Activities.Tests.Cost;

public sealed class BudgetThresholdsTests
{
    [Fact]
    public void ProdAt374Of400CrossesFiftyAndEightyButNotHundred() =>
        Assert.Equal([50, 80], BudgetThresholds.Crossed(374.50m, 400m, [50, 80, 100]));

    [Fact]
    public void ThresholdsAlreadyNotifiedThisMonthAreNotNotifiedAgain() =>
        Assert.Equal([100], BudgetThresholds.ToNotify([50, 80, 100], [50, 80]));

    [Fact]
    public void NoBudgetCrossesNothing() => Assert.Empty(BudgetThresholds.Crossed(1000m, 0m, [50]));

    [Fact]
    public void ThresholdListIsParsedSortedAndRejectsNonPercentages()
    {
        Assert.Equal([80, 100], BudgetThresholds.Parse("100,80"));
        Assert.Throws<ArgumentException>(() => BudgetThresholds.Parse("80,abc"));
        Assert.Throws<ArgumentException>(() => BudgetThresholds.Parse("0"));
    }

    [Fact]
    public void SlackPayloadHasFallbackTextAndHeaderSectionFieldsContextBlocks()
    {
        var payload = NotificationPayloads.Slack(new Notification("budget.threshold_crossed", "prod", "cost-prod", "run-1", "prod reached 80 %",
            new Dictionary<string, string> { ["budget"] = "€400.00" }, DateTimeOffset.UnixEpoch), "http://ui/x");
        Assert.Equal("[prod] prod reached 80 %", (string?)payload["text"]);
        var blocks = payload["blocks"]!.AsArray();
        Assert.Equal(["header", "section", "section", "context"], blocks.Select(b => (string?)b!["type"]));
        Assert.Equal("plain_text", (string?)blocks[0]!["text"]!["type"]);
        Assert.Equal("mrkdwn", (string?)blocks[2]!["fields"]![0]!["type"]);
    }

    [Fact]
    public void WebhookPayloadCarriesEventEnvironmentRunIdLinkTimeAndDetails()
    {
        var payload = NotificationPayloads.Webhook(new Notification("setup.completed", "dev", "setup-dev", "run-2", "done",
            new Dictionary<string, string> { ["cost"] = "€53.70" }, DateTimeOffset.UnixEpoch), "http://ui/y");
        Assert.Equal(["event", "environment", "workflow_id", "run_id", "link", "time", "title", "details"], payload.Select(p => p.Key));
        Assert.Equal("1970-01-01T00:00:00Z", (string?)payload["time"]);
    }
}
