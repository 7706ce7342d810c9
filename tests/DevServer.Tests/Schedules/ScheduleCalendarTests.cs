using CoderBootstrap.DevServer.Schedules;
using Temporalio.Api.Schedule.V1;
using static CoderBootstrap.DevServer.Tests.Schedules.ScheduleTestSpecs;

namespace CoderBootstrap.DevServer.Tests.Schedules;

public class ScheduleCalendarTests
{
    [Fact]
    public void CalendarDefaultsToMidnightEveryDay() =>
        Assert.Equal(
            "2024-01-02T00:00:00Z,2024-01-03T00:00:00Z",
            NextTimes(new ScheduleSpec { Calendar = { new CalendarSpec() } }, "2024-01-01T10:00:00Z", 2));

    [Fact]
    public void CalendarWeekdayRangeAndHour() =>
        Assert.Equal(
            "2024-01-08T09:00:00Z,2024-01-09T09:00:00Z",
            NextTimes(new ScheduleSpec { Calendar = { new CalendarSpec { Hour = "9", DayOfWeek = "mon-fri" } } }, "2024-01-05T10:00:00Z", 2));

    [Fact]
    public void CalendarStepsOverWildcards() =>
        Assert.Equal(
            "2024-01-01T10:20:00Z,2024-01-01T10:40:00Z,2024-01-01T11:00:00Z",
            NextTimes(new ScheduleSpec { Calendar = { new CalendarSpec { Minute = "*/20", Hour = "*" } } }, "2024-01-01T10:05:00Z", 3));

    [Fact]
    public void CalendarSecondsFieldFiresWithinAMinute() =>
        Assert.Equal(
            "2024-01-01T10:00:30Z,2024-01-01T10:01:00Z,2024-01-01T10:01:30Z",
            NextTimes(new ScheduleSpec { Calendar = { new CalendarSpec { Second = "*/30", Minute = "*", Hour = "*" } } }, "2024-01-01T10:00:00Z", 3));

    [Fact]
    public void CalendarSteppedDayRangeAndMonthNames() =>
        Assert.Equal(
            "2024-03-01T00:00:00Z,2024-03-03T00:00:00Z,2024-03-05T00:00:00Z,2024-06-01T00:00:00Z",
            NextTimes(new ScheduleSpec { Calendar = { new CalendarSpec { DayOfMonth = "1-5/2", Month = "mar,Jun" } } }, "2024-01-01T00:00:00Z", 4));

    [Fact]
    public void StructuredCalendarRangesWithSteps()
    {
        var calendar = new StructuredCalendarSpec
        {
            Second = { Values(0) },
            Minute = { Values(0) },
            Hour = { Values(8, 18, 5) },
            DayOfMonth = { Values(1, 31) },
            Month = { Values(1, 12) },
            DayOfWeek = { Values(1, 5) },
        };

        Assert.Equal(
            "2024-01-05T18:00:00Z,2024-01-08T08:00:00Z,2024-01-08T13:00:00Z",
            NextTimes(new ScheduleSpec { StructuredCalendar = { calendar } }, "2024-01-05T14:00:00Z", 3));
    }

    [Fact]
    public void StructuredCalendarWithAnEmptyFieldNeverFires()
    {
        var calendar = new StructuredCalendarSpec
        {
            Second = { Values(0) },
            Hour = { Values(0, 23) },
            DayOfMonth = { Values(1, 31) },
            Month = { Values(1, 12) },
            DayOfWeek = { Values(0, 6) },
        };

        Assert.Null(ScheduleSpecCalculator.GetNextTime(new ScheduleSpec { StructuredCalendar = { calendar } }, Utc("2024-01-01T00:00:00Z")));
    }

    [Fact]
    public void StructuredCalendarYearRestrictsToThoseYears()
    {
        var calendar = new StructuredCalendarSpec
        {
            Second = { Values(0) },
            Minute = { Values(0) },
            Hour = { Values(12) },
            DayOfMonth = { Values(1) },
            Month = { Values(6) },
            Year = { Values(2025), Values(2027) },
            DayOfWeek = { Values(0, 6) },
        };

        Assert.Equal(
            "2025-06-01T12:00:00Z,2027-06-01T12:00:00Z",
            NextTimes(new ScheduleSpec { StructuredCalendar = { calendar } }, "2024-01-01T00:00:00Z", 5));
    }

    [Fact]
    public void SdkCalendarSpecWithDefaultsFiresAtTheGivenHourOnWeekdays()
    {
        var sdkSpec = new Temporalio.Client.Schedules.ScheduleSpec
        {
            Calendars =
            [
                new Temporalio.Client.Schedules.ScheduleCalendarSpec
                {
                    Hour = [new Temporalio.Client.Schedules.ScheduleRange(9)],
                    DayOfWeek = [new Temporalio.Client.Schedules.ScheduleRange(1, 5)],
                },
            ],
        };

        Assert.Equal(
            "2024-01-08T09:00:00Z,2024-01-09T09:00:00Z",
            NextTimes(SdkProtoConverter.ToProto(sdkSpec), "2024-01-05T10:00:00Z", 2));
    }

    [Fact]
    public void SdkIntervalsAndCronExpressionsArriveAsProtoFields()
    {
        var sdkSpec = new Temporalio.Client.Schedules.ScheduleSpec
        {
            Intervals = [new Temporalio.Client.Schedules.ScheduleIntervalSpec(TimeSpan.FromHours(6), TimeSpan.FromHours(1))],
            CronExpressions = ["30 4 * * *"],
        };

        Assert.Equal(
            "2024-01-01T01:00:00Z,2024-01-01T04:30:00Z,2024-01-01T07:00:00Z",
            NextTimes(SdkProtoConverter.ToProto(sdkSpec), "2024-01-01T00:00:00Z", 3));
    }
}
