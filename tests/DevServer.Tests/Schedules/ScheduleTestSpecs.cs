using System.Globalization;
using CoderBootstrap.DevServer.Schedules;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Schedule.V1;

namespace CoderBootstrap.DevServer.Tests.Schedules;

internal static class ScheduleTestSpecs
{
    public static DateTime Utc(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static string Format(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The next <paramref name="count"/> times after <paramref name="after"/>, comma-separated.</summary>
    public static string NextTimes(ScheduleSpec spec, string after, int count) =>
        string.Join(",", ScheduleSpecCalculator.GetNextTimes(spec, Utc(after), count).Select(Format));

    public static ScheduleSpec Cron(string cron, string? timeZone = null)
    {
        var spec = new ScheduleSpec { CronString = { cron } };
        if (timeZone is not null)
        {
            spec.TimezoneName = timeZone;
        }

        return spec;
    }

    public static ScheduleSpec Every(TimeSpan interval, TimeSpan? phase = null)
    {
        var spec = new IntervalSpec { Interval = Duration.FromTimeSpan(interval) };
        if (phase is TimeSpan offset)
        {
            spec.Phase = Duration.FromTimeSpan(offset);
        }

        return new ScheduleSpec { Interval = { spec } };
    }

    public static Temporalio.Api.Schedule.V1.Range Values(int start, int end = 0, int step = 0) => new() { Start = start, End = end, Step = step };
}
