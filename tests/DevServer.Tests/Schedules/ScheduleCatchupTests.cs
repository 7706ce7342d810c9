using CoderBootstrap.DevServer.Schedules;
using Google.Protobuf.WellKnownTypes;
using static CoderBootstrap.DevServer.Tests.Schedules.ScheduleTestSpecs;

namespace CoderBootstrap.DevServer.Tests.Schedules;

public class ScheduleCatchupTests
{
    [Fact]
    public void UnsetWindowDefaultsToOneYear() =>
        Assert.Equal(TimeSpan.FromDays(365), ScheduleCatchup.ResolveWindow(null));

    [Theory]
    [InlineData(0, 10)]
    [InlineData(5, 10)]
    [InlineData(10, 10)]
    [InlineData(3600, 3600)]
    public void WindowIsNeverBelowTenSeconds(int configuredSeconds, int expectedSeconds) =>
        Assert.Equal(
            TimeSpan.FromSeconds(expectedSeconds),
            ScheduleCatchup.ResolveWindow(Duration.FromTimeSpan(TimeSpan.FromSeconds(configuredSeconds))));

    [Fact]
    public void ActionsOlderThanTheWindowAreMissedAndRecentOnesTaken()
    {
        var result = ScheduleCatchup.Evaluate(
            Every(TimeSpan.FromMinutes(1)),
            "backup",
            Utc("2024-01-01T10:00:00Z"),
            Utc("2024-01-01T10:05:30Z"),
            Duration.FromTimeSpan(TimeSpan.FromMinutes(2)));

        Assert.Equal(["2024-01-01T10:04:00Z", "2024-01-01T10:05:00Z"], result.TakenActions.Select(action => Format(action.Actual)));
        Assert.Equal(3, result.MissedActionCount);
        Assert.Equal(Utc("2024-01-01T10:05:00Z"), result.ResumeAfter);
        Assert.Equal(Utc("2024-01-01T10:06:00Z"), result.NextActionTime!.Actual);
    }

    [Fact]
    public void ActionExactlyOneWindowOldIsStillTaken()
    {
        var result = ScheduleCatchup.Evaluate(
            Every(TimeSpan.FromMinutes(1)),
            "backup",
            Utc("2024-01-01T10:00:30Z"),
            Utc("2024-01-01T10:01:10Z"),
            Duration.FromTimeSpan(TimeSpan.FromSeconds(5)));

        Assert.Equal(["2024-01-01T10:01:00Z"], result.TakenActions.Select(action => Format(action.Actual)));
        Assert.Equal(0, result.MissedActionCount);
    }

    [Fact]
    public void DefaultWindowTakesEverythingMissedInTheLastDay()
    {
        var result = ScheduleCatchup.Evaluate(Cron("@hourly"), "cost", Utc("2024-01-01T00:00:00Z"), Utc("2024-01-02T00:00:00Z"), null);

        Assert.Equal(24, result.TakenActions.Count);
        Assert.Equal(0, result.MissedActionCount);
    }

    [Fact]
    public void NothingDueLeavesTheResumePointAndReportsTheNextTime()
    {
        var result = ScheduleCatchup.Evaluate(Cron("@hourly"), "cost", Utc("2024-01-01T10:00:10Z"), Utc("2024-01-01T10:00:50Z"), null);

        Assert.Empty(result.TakenActions);
        Assert.Equal(Utc("2024-01-01T10:00:10Z"), result.ResumeAfter);
        Assert.Equal(Utc("2024-01-01T11:00:00Z"), result.NextActionTime!.Nominal);
    }

    [Fact]
    public void FinishedSpecHasNoNextActionTime()
    {
        var spec = Cron("@hourly");
        spec.EndTime = Timestamp.FromDateTime(Utc("2024-01-01T12:00:00Z"));

        var result = ScheduleCatchup.Evaluate(spec, "cost", Utc("2024-01-01T10:30:00Z"), Utc("2024-01-01T13:00:00Z"), null);

        Assert.Equal(2, result.TakenActions.Count);
        Assert.Null(result.NextActionTime);
    }

    [Fact]
    public void JitteredActionStillInTheFutureIsLeftForTheNextEvaluation()
    {
        var spec = Every(TimeSpan.FromHours(1));
        spec.Jitter = Duration.FromTimeSpan(TimeSpan.FromMinutes(30));
        var firstAction = ScheduleSpecCalculator.GetNextActionTimes(spec, Utc("2024-01-01T00:00:00Z"), 1, "backup")[0];
        var justBeforeIt = firstAction.Actual.AddTicks(-1);

        var early = ScheduleCatchup.Evaluate(spec, "backup", Utc("2024-01-01T00:00:00Z"), justBeforeIt, null);
        var later = ScheduleCatchup.Evaluate(spec, "backup", early.ResumeAfter, firstAction.Actual, null);

        Assert.Empty(early.TakenActions);
        Assert.Equal(firstAction, early.NextActionTime);
        Assert.Equal([firstAction], later.TakenActions);
    }

    [Fact]
    public void LongOutageOfAFrequentScheduleOnlyTakesTheWindow()
    {
        var result = ScheduleCatchup.Evaluate(
            Every(TimeSpan.FromSeconds(1)),
            "busy",
            Utc("2024-01-01T00:00:00Z"),
            Utc("2024-01-03T00:00:00Z"),
            Duration.FromTimeSpan(TimeSpan.FromMinutes(1)));

        Assert.Equal(61, result.TakenActions.Count);
        Assert.Equal(Utc("2024-01-02T23:59:00Z"), result.TakenActions[0].Actual);
        Assert.True(result.MissedActionCount >= 10_000);
        Assert.Equal(Utc("2024-01-03T00:00:00Z"), result.ResumeAfter);
    }
}
