namespace CoderBootstrap.DevServer.Schedules;

internal enum CalendarFieldKind
{
    Second,
    Minute,
    Hour,
    DayOfMonth,
    Month,
    Year,
    DayOfWeek,
}
