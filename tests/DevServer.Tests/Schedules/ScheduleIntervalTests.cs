using static CoderBootstrap.DevServer.Tests.Schedules.ScheduleTestSpecs;

namespace CoderBootstrap.DevServer.Tests.Schedules;

public class ScheduleIntervalTests
{
    [Fact]
    public void HourlyIntervalFiresOnTheHour() =>
        Assert.Equal(
            "2024-01-01T11:00:00Z,2024-01-01T12:00:00Z,2024-01-01T13:00:00Z",
            NextTimes(Every(TimeSpan.FromHours(1)), "2024-01-01T10:20:00Z", 3));

    [Fact]
    public void PhaseShiftsEveryOccurrence() =>
        Assert.Equal(
            "2024-01-01T11:19:00Z,2024-01-01T12:19:00Z",
            NextTimes(Every(TimeSpan.FromHours(1), TimeSpan.FromMinutes(19)), "2024-01-01T10:20:00Z", 2));

    [Fact]
    public void LongIntervalsAlignToTheUnixEpoch() =>
        Assert.Equal("2022-02-17T00:00:00Z", NextTimes(Every(TimeSpan.FromDays(28)), "2022-02-01T00:00:00Z", 1));

    [Fact]
    public void LongIntervalPhaseIsAddedToTheEpochAlignment() =>
        Assert.Equal(
            "2022-02-20T05:23:00Z",
            NextTimes(Every(TimeSpan.FromDays(28), new TimeSpan(3, 5, 23, 0)), "2022-02-01T00:00:00Z", 1));

    [Fact]
    public void TimeExactlyOnAnOccurrenceIsExcluded() =>
        Assert.Equal("2024-01-01T00:04:30Z", NextTimes(Every(TimeSpan.FromSeconds(90)), "2024-01-01T00:03:00Z", 1));

    [Fact]
    public void FractionalSecondsInTheStartAreHonoured() =>
        Assert.Equal("2024-01-01T10:00:01Z", NextTimes(Every(TimeSpan.FromSeconds(1)), "2024-01-01T10:00:00.5Z", 1));

    [Fact]
    public void IntervalIsTruncatedToWholeSeconds() =>
        Assert.Equal(
            "2024-01-01T00:00:01Z,2024-01-01T00:00:02Z",
            NextTimes(Every(TimeSpan.FromMilliseconds(1500)), "2024-01-01T00:00:00Z", 2));

    [Fact]
    public void IntervalsIgnoreTheTimeZone()
    {
        var spec = Every(TimeSpan.FromHours(1));
        spec.TimezoneName = "America/New_York";

        Assert.Equal(
            "2024-11-03T05:00:00Z,2024-11-03T06:00:00Z,2024-11-03T07:00:00Z",
            NextTimes(spec, "2024-11-03T04:30:00Z", 3));
    }

    [Fact]
    public void SeveralIntervalsAreMerged()
    {
        var spec = Every(TimeSpan.FromMinutes(30));
        spec.Interval.Add(Every(TimeSpan.FromMinutes(20)).Interval[0]);

        Assert.Equal(
            "2024-01-01T00:20:00Z,2024-01-01T00:30:00Z,2024-01-01T00:40:00Z,2024-01-01T01:00:00Z",
            NextTimes(spec, "2024-01-01T00:00:00Z", 4));
    }

    [Fact]
    public void IntervalBeyondTheRepresentableCalendarHasNoNextTime() =>
        Assert.Null(CoderBootstrap.DevServer.Schedules.ScheduleSpecCalculator.GetNextTime(Every(TimeSpan.FromDays(365 * 9000)), Utc("2024-01-01T00:00:00Z")));

    [Fact]
    public void TimesBetweenExcludeTheStartAndIncludeTheEnd()
    {
        var times = CoderBootstrap.DevServer.Schedules.ScheduleSpecCalculator.GetTimesBetween(
            Every(TimeSpan.FromHours(1)), Utc("2024-01-01T01:00:00Z"), Utc("2024-01-01T04:00:00Z"), "backup");

        Assert.Equal(["2024-01-01T02:00:00Z", "2024-01-01T03:00:00Z", "2024-01-01T04:00:00Z"], times.Select(Format));
    }

    [Fact]
    public void TimesBetweenStopAtTheLimit()
    {
        var times = CoderBootstrap.DevServer.Schedules.ScheduleSpecCalculator.GetTimesBetween(
            Every(TimeSpan.FromSeconds(1)), Utc("2024-01-01T00:00:00Z"), Utc("2024-01-02T00:00:00Z"), "backup");

        Assert.Equal(1000, times.Count);
    }
}
