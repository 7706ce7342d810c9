using CoderBootstrap.DevServer.Schedules;
using static CoderBootstrap.DevServer.Tests.Schedules.ScheduleTestSpecs;

namespace CoderBootstrap.DevServer.Tests.Schedules;

/// <summary>America/New_York in 2024: clocks jump 02:00→03:00 on 10 March and fall back 02:00→01:00 on 3 November.</summary>
public class ScheduleTimeZoneTests
{
    [Fact]
    public void WallClockTimeSkippedBySpringForwardDoesNotFire() =>
        Assert.Equal(
            "2024-03-09T07:30:00Z,2024-03-11T06:30:00Z",
            NextTimes(Cron("30 2 * * *", "America/New_York"), "2024-03-09T00:00:00Z", 2));

    [Fact]
    public void WallClockTimeRepeatedByFallBackFiresTwice() =>
        Assert.Equal(
            "2024-11-03T05:30:00Z,2024-11-03T06:30:00Z,2024-11-04T06:30:00Z",
            NextTimes(Cron("30 1 * * *", "America/New_York"), "2024-11-02T12:00:00Z", 3));

    [Fact]
    public void SearchStartingInsideTheRepeatedHourFindsItsSecondCopy() =>
        Assert.Equal(
            "2024-11-03T06:15:00Z",
            NextTimes(Cron("15 1 * * *", "America/New_York"), "2024-11-03T05:45:00Z", 1));

    [Fact]
    public void HourlyScheduleAcrossFallBackFiresInBothCopiesOfTheHour() =>
        Assert.Equal(
            "2024-11-03T04:00:00Z,2024-11-03T05:00:00Z,2024-11-03T06:00:00Z,2024-11-03T07:00:00Z",
            NextTimes(Cron("0 * * * *", "America/New_York"), "2024-11-03T03:30:00Z", 4));

    [Fact]
    public void HourlyScheduleAcrossSpringForwardSkipsTheMissingHour() =>
        Assert.Equal(
            "2024-03-10T06:00:00Z,2024-03-10T07:00:00Z,2024-03-10T08:00:00Z",
            NextTimes(Cron("0 * * * *", "America/New_York"), "2024-03-10T05:30:00Z", 3));

    [Fact]
    public void DailyLocalTimeKeepsItsWallClockAcrossTheTransition() =>
        Assert.Equal(
            "2024-03-30T08:00:00Z,2024-03-31T07:00:00Z,2024-04-01T07:00:00Z",
            NextTimes(Cron("0 9 * * *", "Europe/Paris"), "2024-03-30T00:00:00Z", 3));

    [Theory]
    [InlineData("2024-11-03T05:59:58Z", "2024-11-03T05:59:59Z,2024-11-03T06:00:00Z,2024-11-03T06:00:01Z")]
    [InlineData("2024-03-10T06:59:58Z", "2024-03-10T06:59:59Z,2024-03-10T07:00:00Z,2024-03-10T07:00:01Z")]
    public void EverySecondCalendarStaysContinuousAcrossTransitions(string after, string expected) =>
        Assert.Equal(expected, NextTimes(Cron("* * * * * * *", "America/New_York"), after, 3));

    [Fact]
    public void EverySecondCalendarThroughTheRepeatedHourYieldsEverySecondOnce()
    {
        var times = ScheduleSpecCalculator.GetNextTimes(Cron("* * * * * * *", "America/New_York"), Utc("2024-11-03T05:30:00Z"), 7200);

        Assert.Equal(7200, times.Count);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(1), pair.Second - pair.First));
    }

    [Fact]
    public void HalfHourTransitionRepeatsOnlyHalfAnHour() =>
        Assert.Equal(
            "2024-04-06T14:15:00Z,2024-04-06T14:45:00Z,2024-04-06T15:15:00Z,2024-04-06T15:45:00Z",
            NextTimes(Cron("15,45 1,2 * * *", "Australia/Lord_Howe"), "2024-04-06T14:00:00Z", 4));

    [Fact]
    public void UnknownTimeZoneIsAnInvalidSpec()
    {
        var error = Assert.Throws<ScheduleSpecException>(() => ScheduleSpecCalculator.GetNextTime(Cron("0 0 * * *", "Mars/Olympus_Mons"), Utc("2024-01-01T00:00:00Z")));

        Assert.Contains("unknown time zone Mars/Olympus_Mons", error.Message);
    }
}
