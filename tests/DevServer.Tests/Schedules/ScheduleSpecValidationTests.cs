using CoderBootstrap.DevServer.Schedules;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Schedule.V1;
using static CoderBootstrap.DevServer.Tests.Schedules.ScheduleTestSpecs;

namespace CoderBootstrap.DevServer.Tests.Schedules;

public class ScheduleSpecValidationTests
{
    [Theory]
    [InlineData("* * *")]
    [InlineData("* * * * * * * *")]
    [InlineData("61 * * * *")]
    [InlineData("0 24 * * *")]
    [InlineData("0 0 0 * *")]
    [InlineData("0 0 * 13 *")]
    [InlineData("0 0 * * funday")]
    [InlineData("0 0 * * f")]
    [InlineData("*/0 * * * *")]
    [InlineData("5-2 * * * *")]
    [InlineData("1-2-3 * * * *")]
    [InlineData("1/2/3 * * * *")]
    [InlineData("0 0 1 1 * 1999")]
    [InlineData("@every")]
    [InlineData("@every soon")]
    [InlineData("@every 0s")]
    [InlineData("@every 500ms")]
    [InlineData("@every 1h/2h")]
    [InlineData("CRON_TZ=Europe/Paris")]
    [InlineData("CRON_TZ=Nowhere/Land 0 0 * * *")]
    public void MalformedCronStringsAreInvalidSpecs(string cron) =>
        Assert.Throws<ScheduleSpecException>(() => ScheduleSpecCalculator.GetNextTime(Cron(cron), Utc("2024-01-01T00:00:00Z")));

    [Fact]
    public void CronStringsMustAgreeOnTheTimeZone()
    {
        var spec = Cron("TZ=Europe/Paris 0 9 * * *");
        spec.CronString.Add("0 10 * * *");

        var error = Assert.Throws<ScheduleSpecException>(() => ScheduleSpecCalculator.Canonicalize(spec));

        Assert.Contains("conflicting timezone names", error.Message);
    }

    [Fact]
    public void CronTimeZoneMustMatchTheSpecTimeZone() =>
        Assert.Throws<ScheduleSpecException>(() => ScheduleSpecCalculator.Canonicalize(Cron("TZ=Europe/Paris 0 9 * * *", "America/New_York")));

    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(0, 0)]
    [InlineData(60, 60)]
    [InlineData(60, 90)]
    [InlineData(60, -1)]
    public void IntervalMustBeAtLeastASecondWithAPhaseBelowIt(double intervalSeconds, double phaseSeconds) =>
        Assert.Throws<ScheduleSpecException>(() =>
            ScheduleSpecCalculator.Canonicalize(Every(TimeSpan.FromSeconds(intervalSeconds), TimeSpan.FromSeconds(phaseSeconds))));

    [Fact]
    public void StructuredCalendarFieldsOutOfRangeAreRejectedWithTheFieldNamed()
    {
        var spec = new ScheduleSpec
        {
            StructuredCalendar = { new StructuredCalendarSpec { Hour = { Values(24) }, Minute = { Values(0, 60) }, Second = { Values(0, 0, -1) } } },
        };

        var error = Assert.Throws<ScheduleSpecException>(() => ScheduleSpecCalculator.Canonicalize(spec));

        Assert.Equal(
            "invalid schedule spec: invalid calendar spec: Second has invalid Step, Minute End is not in range [0-59], Hour Start is not in range [0-23]",
            error.Message);
    }

    [Fact]
    public void CalendarTextOutOfRangeIsRejected() =>
        Assert.Throws<ScheduleSpecException>(() =>
            ScheduleSpecCalculator.Canonicalize(new ScheduleSpec { Calendar = { new CalendarSpec { DayOfMonth = "32" } } }));

    [Fact]
    public void TimeZoneDataIsRejectedRatherThanIgnored() =>
        Assert.Throws<ScheduleSpecException>(() =>
            ScheduleSpecCalculator.Canonicalize(new ScheduleSpec { TimezoneData = Google.Protobuf.ByteString.CopyFromUtf8("TZif") }));

    [Fact]
    public void ValidSpecWithEveryKindOfEntryCompiles()
    {
        var spec = Cron("0 9 * * mon-fri");
        spec.Calendar.Add(new CalendarSpec { Hour = "12", DayOfWeek = "sat" });
        spec.Interval.Add(new IntervalSpec { Interval = Duration.FromTimeSpan(TimeSpan.FromHours(6)) });
        spec.TimezoneName = "Europe/Paris";

        var canonical = ScheduleSpecCalculator.Canonicalize(spec);

        Assert.Equal(2, canonical.StructuredCalendar.Count);
        Assert.Empty(canonical.Calendar);
    }
}
