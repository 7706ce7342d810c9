namespace CoderBootstrap.DevServer.Schedules;

internal static class ScheduleTimeZones
{
    /// <summary>Resolves an IANA name; empty and "UTC" are UTC and "Local" is the server's zone, as in Go.</summary>
    public static TimeZoneInfo Resolve(string? name)
    {
        if (string.IsNullOrEmpty(name) || name == "UTC")
        {
            return TimeZoneInfo.Utc;
        }

        if (name == "Local")
        {
            return TimeZoneInfo.Local;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception error) when (error is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw ScheduleSpecException.Invalid($"unknown time zone {name}");
        }
    }
}
