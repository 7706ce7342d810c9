using CoderBootstrap.DevServer.Schedules;
using static CoderBootstrap.DevServer.Tests.Schedules.ScheduleTestSpecs;

namespace CoderBootstrap.DevServer.Tests.Schedules;

public class ScheduleCronTests
{
    [Theory]
    [InlineData("*/15 * * * *", "2024-01-01T10:07:00Z", "2024-01-01T10:15:00Z,2024-01-01T10:30:00Z,2024-01-01T10:45:00Z")]
    [InlineData("0 9 * * mon-fri", "2024-01-05T10:00:00Z", "2024-01-08T09:00:00Z,2024-01-09T09:00:00Z,2024-01-10T09:00:00Z")]
    [InlineData("0 9 * * MON,wed", "2024-01-01T10:00:00Z", "2024-01-03T09:00:00Z,2024-01-08T09:00:00Z,2024-01-10T09:00:00Z")]
    [InlineData("30 2 1 * *", "2024-01-15T00:00:00Z", "2024-02-01T02:30:00Z,2024-03-01T02:30:00Z,2024-04-01T02:30:00Z")]
    [InlineData("0 0 * * 7", "2024-01-01T00:00:00Z", "2024-01-07T00:00:00Z,2024-01-14T00:00:00Z,2024-01-21T00:00:00Z")]
    [InlineData("0 0 13 * fri", "2024-01-01T00:00:00Z", "2024-09-13T00:00:00Z,2024-12-13T00:00:00Z,2025-06-13T00:00:00Z")]
    [InlineData("0 12 29 feb *", "2024-03-01T00:00:00Z", "2028-02-29T12:00:00Z,2032-02-29T12:00:00Z,2036-02-29T12:00:00Z")]
    [InlineData("10/20 * * * *", "2024-01-01T00:00:00Z", "2024-01-01T00:10:00Z,2024-01-01T00:30:00Z,2024-01-01T00:50:00Z")]
    [InlineData("0 8-18/5 * * *", "2024-01-01T00:00:00Z", "2024-01-01T08:00:00Z,2024-01-01T13:00:00Z,2024-01-01T18:00:00Z")]
    [InlineData("0 12 * * * # noon backup", "2024-01-01T00:00:00Z", "2024-01-01T12:00:00Z,2024-01-02T12:00:00Z,2024-01-03T12:00:00Z")]
    public void FiveFieldCronMatchesMinuteHourDayMonthWeekday(string cron, string after, string expected) =>
        Assert.Equal(expected, NextTimes(Cron(cron), after, 3));

    [Theory]
    [InlineData("@hourly", "2024-01-01T10:30:00Z", "2024-01-01T11:00:00Z,2024-01-01T12:00:00Z")]
    [InlineData("@daily", "2024-01-01T10:30:00Z", "2024-01-02T00:00:00Z,2024-01-03T00:00:00Z")]
    [InlineData("@midnight", "2024-01-01T10:30:00Z", "2024-01-02T00:00:00Z,2024-01-03T00:00:00Z")]
    [InlineData("@weekly", "2024-01-01T10:30:00Z", "2024-01-07T00:00:00Z,2024-01-14T00:00:00Z")]
    [InlineData("@monthly", "2024-01-01T10:30:00Z", "2024-02-01T00:00:00Z,2024-03-01T00:00:00Z")]
    [InlineData("@yearly", "2024-01-01T10:30:00Z", "2025-01-01T00:00:00Z,2026-01-01T00:00:00Z")]
    [InlineData("@annually", "2024-01-01T10:30:00Z", "2025-01-01T00:00:00Z,2026-01-01T00:00:00Z")]
    public void ShorthandsExpandToTheirCronEquivalents(string cron, string after, string expected) =>
        Assert.Equal(expected, NextTimes(Cron(cron), after, 2));

    [Theory]
    [InlineData("@every 90m", "2024-01-01T00:00:00Z", "2024-01-01T01:30:00Z,2024-01-01T03:00:00Z")]
    [InlineData("@every 1h/15m", "2024-01-01T00:20:00Z", "2024-01-01T01:15:00Z,2024-01-01T02:15:00Z")]
    [InlineData("@every 1d", "2024-01-01T10:00:00Z", "2024-01-02T00:00:00Z,2024-01-03T00:00:00Z")]
    [InlineData("@every 1h30m", "2024-01-01T00:00:00Z", "2024-01-01T01:30:00Z,2024-01-01T03:00:00Z")]
    public void EveryBecomesAnEpochAlignedInterval(string cron, string after, string expected) =>
        Assert.Equal(expected, NextTimes(Cron(cron), after, 2));

    [Fact]
    public void SixthFieldRestrictsTheYear() =>
        Assert.Equal("2026-01-01T00:00:00Z", NextTimes(Cron("0 0 1 1 * 2026"), "2024-06-01T00:00:00Z", 3));

    [Fact]
    public void SevenFieldsStartWithSeconds() =>
        Assert.Equal(
            "2024-01-01T10:00:30Z,2024-01-01T11:00:30Z",
            NextTimes(Cron("30 0 * * * * *"), "2024-01-01T09:59:00Z", 2));

    [Theory]
    [InlineData("CRON_TZ=America/New_York 0 9 * * *", "2024-01-15T15:00:00Z", "2024-01-16T14:00:00Z")]
    [InlineData("TZ=Europe/Paris 0 9 * * *", "2024-01-15T09:00:00Z", "2024-01-16T08:00:00Z")]
    [InlineData("CRON_TZ=Europe/Paris 0 9 * * *", "2024-07-15T09:00:00Z", "2024-07-16T07:00:00Z")]
    public void CronTimeZonePrefixSetsTheZoneOfTheFields(string cron, string after, string expected) =>
        Assert.Equal(expected, NextTimes(Cron(cron), after, 1));

    [Fact]
    public void CronTimeZonePrefixMayRepeatTheSpecTimeZone() =>
        Assert.Equal("2024-01-16T08:00:00Z", NextTimes(Cron("TZ=Europe/Paris 0 9 * * *", "Europe/Paris"), "2024-01-15T09:00:00Z", 1));

    [Fact]
    public void CronStringsAndIntervalsAreMerged()
    {
        var spec = Cron("45 * * * *");
        spec.Interval.Add(Every(TimeSpan.FromMinutes(30)).Interval[0]);

        Assert.Equal(
            "2024-01-01T00:30:00Z,2024-01-01T00:45:00Z,2024-01-01T01:00:00Z,2024-01-01T01:30:00Z",
            NextTimes(spec, "2024-01-01T00:10:00Z", 4));
    }

    [Fact]
    public void CanonicalFormCompilesCronToStructuredCalendarsIntervalsAndZone()
    {
        var spec = Cron("CRON_TZ=Europe/Paris 15 12 * * mon");
        spec.CronString.Add("CRON_TZ=Europe/Paris @every 2h");

        var canonical = ScheduleSpecCalculator.Canonicalize(spec);

        Assert.Empty(canonical.CronString);
        Assert.Equal("Europe/Paris", canonical.TimezoneName);
        var calendar = Assert.Single(canonical.StructuredCalendar);
        Assert.Equal(12, Assert.Single(calendar.Hour).Start);
        Assert.Equal(15, Assert.Single(calendar.Minute).Start);
        Assert.Equal(1, Assert.Single(calendar.DayOfWeek).Start);
        Assert.Equal(TimeSpan.FromHours(2), Assert.Single(canonical.Interval).Interval.ToTimeSpan());
    }

    [Fact]
    public void CanonicalizingLeavesTheCallersSpecUntouched()
    {
        var spec = Cron("0 0 * * *");

        ScheduleSpecCalculator.Canonicalize(spec);

        Assert.Single(spec.CronString);
        Assert.Empty(spec.StructuredCalendar);
    }
}
