using CoderBootstrap.DevServer.Schedules;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Schedule.V1;
using static CoderBootstrap.DevServer.Tests.Schedules.ScheduleTestSpecs;

namespace CoderBootstrap.DevServer.Tests.Schedules;

public class ScheduleBoundsAndExclusionTests
{
    [Fact]
    public void StartTimeOnAnOccurrenceIsIncluded()
    {
        var spec = Every(TimeSpan.FromHours(1));
        spec.StartTime = Timestamp.FromDateTime(Utc("2024-01-01T05:00:00Z"));

        Assert.Equal("2024-01-01T05:00:00Z,2024-01-01T06:00:00Z", NextTimes(spec, "2024-01-01T00:00:00Z", 2));
    }

    [Fact]
    public void StartTimeBetweenOccurrencesSkipsToTheNextOne()
    {
        var spec = Every(TimeSpan.FromHours(1));
        spec.StartTime = Timestamp.FromDateTime(Utc("2024-01-01T05:30:00Z"));

        Assert.Equal("2024-01-01T06:00:00Z", NextTimes(spec, "2024-01-01T00:00:00Z", 1));
    }

    [Fact]
    public void EndTimeIsInclusiveAndEndsTheSchedule()
    {
        var spec = Every(TimeSpan.FromHours(1));
        spec.EndTime = Timestamp.FromDateTime(Utc("2024-01-01T03:00:00Z"));

        Assert.Equal(
            "2024-01-01T01:00:00Z,2024-01-01T02:00:00Z,2024-01-01T03:00:00Z",
            NextTimes(spec, "2024-01-01T00:30:00Z", 5));
    }

    [Fact]
    public void NoTimeIsReturnedAfterTheEndTime()
    {
        var spec = Cron("@daily");
        spec.EndTime = Timestamp.FromDateTime(Utc("2024-01-01T00:00:00Z"));

        Assert.Null(ScheduleSpecCalculator.GetNextTime(spec, Utc("2024-01-01T00:00:00Z")));
    }

    [Fact]
    public void ExcludedStructuredCalendarRemovesMatchingTimes()
    {
        var spec = Every(TimeSpan.FromHours(1));
        spec.ExcludeStructuredCalendar.Add(new StructuredCalendarSpec
        {
            Second = { Values(0) },
            Minute = { Values(0) },
            Hour = { Values(12, 13) },
            DayOfMonth = { Values(1, 31) },
            Month = { Values(1, 12) },
            DayOfWeek = { Values(0, 6) },
        });

        Assert.Equal(
            "2024-01-01T11:00:00Z,2024-01-01T14:00:00Z,2024-01-01T15:00:00Z",
            NextTimes(spec, "2024-01-01T10:30:00Z", 3));
    }

    [Fact]
    public void ExcludedCalendarTextSkipsWeekends()
    {
        var spec = Cron("0 9 * * *");
#pragma warning disable CS0612 // the deprecated field is still accepted from older clients
        spec.ExcludeCalendar.Add(new CalendarSpec { DayOfWeek = "sat,sun", Hour = "9" });
#pragma warning restore CS0612

        Assert.Equal(
            "2024-01-05T09:00:00Z,2024-01-08T09:00:00Z",
            NextTimes(spec, "2024-01-05T00:00:00Z", 2));
    }

    [Fact]
    public void ExclusionsAreMatchedInTheSpecTimeZone()
    {
        var spec = Every(TimeSpan.FromHours(1));
        spec.TimezoneName = "Europe/Paris";
        spec.ExcludeStructuredCalendar.Add(new StructuredCalendarSpec
        {
            Second = { Values(0) },
            Minute = { Values(0) },
            Hour = { Values(12) },
            DayOfMonth = { Values(1, 31) },
            Month = { Values(1, 12) },
            DayOfWeek = { Values(0, 6) },
        });

        Assert.Equal("2024-01-01T10:00:00Z,2024-01-01T12:00:00Z", NextTimes(spec, "2024-01-01T09:30:00Z", 2));
    }

    [Fact]
    public void SpecWhoseEveryTimeIsExcludedHasNoNextTime()
    {
        var spec = Every(TimeSpan.FromHours(1));
        spec.ExcludeStructuredCalendar.Add(new StructuredCalendarSpec
        {
            Second = { Values(0) },
            Minute = { Values(0) },
            Hour = { Values(0, 23) },
            DayOfMonth = { Values(1, 31) },
            Month = { Values(1, 12) },
            DayOfWeek = { Values(0, 6) },
        });

        Assert.Null(ScheduleSpecCalculator.GetNextTime(spec, Utc("2024-01-01T00:00:00Z")));
    }

    [Fact]
    public void EmptySpecHasNoNextTime() =>
        Assert.Empty(ScheduleSpecCalculator.GetNextTimes(new ScheduleSpec(), Utc("2024-01-01T00:00:00Z"), 3));

    [Theory]
    [InlineData("@hourly")]
    [InlineData("@every 1h")]
    public void SearchFromTheEndOfTimeFindsNothing(string cron) =>
        Assert.Null(ScheduleSpecCalculator.GetNextTime(Cron(cron), DateTime.MaxValue));

    [Theory]
    [InlineData("@hourly")]
    [InlineData("@every 1h")]
    public void SearchFromTheBeginningOfTimeFindsTheFirstOccurrence(string cron) =>
        Assert.NotNull(ScheduleSpecCalculator.GetNextTime(Cron(cron), DateTime.MinValue));

    [Fact]
    public void CalendarsEndAfterTheYear2100() =>
        Assert.Null(ScheduleSpecCalculator.GetNextTime(Cron("@yearly"), Utc("2100-06-01T00:00:00Z")));
}
