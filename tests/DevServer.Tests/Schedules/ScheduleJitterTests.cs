using CoderBootstrap.DevServer.Schedules;
using Google.Protobuf.WellKnownTypes;
using static CoderBootstrap.DevServer.Tests.Schedules.ScheduleTestSpecs;

namespace CoderBootstrap.DevServer.Tests.Schedules;

public class ScheduleJitterTests
{
    [Fact]
    public void SameScheduleAndTimeGiveTheSameJitter()
    {
        var spec = Every(TimeSpan.FromMinutes(10));
        spec.Jitter = Duration.FromTimeSpan(TimeSpan.FromMinutes(5));

        var first = ScheduleSpecCalculator.GetNextTimes(spec, Utc("2024-01-01T00:00:00Z"), 20, "backup");
        var second = ScheduleSpecCalculator.GetNextTimes(spec, Utc("2024-01-01T00:00:00Z"), 20, "backup");

        Assert.Equal(first, second);
    }

    [Fact]
    public void JitterDelaysEachActionByLessThanTheConfiguredMaximum()
    {
        var spec = Every(TimeSpan.FromMinutes(10));
        spec.Jitter = Duration.FromTimeSpan(TimeSpan.FromMinutes(5));

        var actions = ScheduleSpecCalculator.GetNextActionTimes(spec, Utc("2024-01-01T00:00:00Z"), 50, "backup");

        Assert.Equal(50, actions.Count);
        Assert.All(actions, action => Assert.InRange(action.Actual - action.Nominal, TimeSpan.Zero, TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1)));
        Assert.Contains(actions, action => action.Actual != action.Nominal);
        Assert.Equal(actions.Select(action => action.Nominal), Enumerable.Range(1, 50).Select(index => Utc("2024-01-01T00:00:00Z").AddMinutes(10 * index)));
    }

    [Fact]
    public void JitterNeverPassesTheFollowingNominalTime()
    {
        var spec = Every(TimeSpan.FromMinutes(1));
        spec.Jitter = Duration.FromTimeSpan(TimeSpan.FromHours(1));

        var actions = ScheduleSpecCalculator.GetNextActionTimes(spec, Utc("2024-01-01T00:00:00Z"), 30, "cost");

        Assert.All(actions, action => Assert.True(action.Actual < action.Nominal.AddMinutes(1)));
        Assert.Equal(actions.Select(action => action.Nominal).Distinct().Count(), actions.Count);
    }

    [Fact]
    public void DifferentSchedulesGetDifferentJitter()
    {
        var spec = Every(TimeSpan.FromHours(1));
        spec.Jitter = Duration.FromTimeSpan(TimeSpan.FromMinutes(30));

        var backup = ScheduleSpecCalculator.GetNextTimes(spec, Utc("2024-01-01T00:00:00Z"), 10, "backup");
        var cost = ScheduleSpecCalculator.GetNextTimes(spec, Utc("2024-01-01T00:00:00Z"), 10, "cost");

        Assert.NotEqual(backup, cost);
    }

    [Fact]
    public void WithoutJitterActualEqualsNominal()
    {
        var actions = ScheduleSpecCalculator.GetNextActionTimes(Every(TimeSpan.FromMinutes(1)), Utc("2024-01-01T00:00:00Z"), 5, "backup");

        Assert.All(actions, action => Assert.Equal(action.Nominal, action.Actual));
    }
}
