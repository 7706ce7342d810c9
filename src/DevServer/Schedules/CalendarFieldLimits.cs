namespace CoderBootstrap.DevServer.Schedules;

/// <summary>Value bounds of calendar fields, as the server validates them.</summary>
internal static class CalendarFieldLimits
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    public static (int Min, int Max) For(CalendarFieldKind field) => field switch
    {
        CalendarFieldKind.Second or CalendarFieldKind.Minute => (0, 59),
        CalendarFieldKind.Hour => (0, 23),
        CalendarFieldKind.DayOfMonth => (1, 31),
        CalendarFieldKind.Month => (1, 12),
        CalendarFieldKind.Year => (MinYear, MaxYear),
        // 7 is accepted as a second spelling of Sunday.
        _ => (0, 7),
    };
}
