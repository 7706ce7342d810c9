namespace CoderBootstrap.DevServer.Schedules;

/// <summary>
/// A schedule spec that cannot be compiled (bad calendar or cron text, out-of-range fields, bad
/// interval, unknown time zone). The server answers InvalidArgument with this message.
/// </summary>
public sealed class ScheduleSpecException : Exception
{
    public ScheduleSpecException(string message)
        : base(message)
    {
    }

    internal static ScheduleSpecException Invalid(string detail) => new($"invalid schedule spec: {detail}");
}
