using Temporalio.Api.Schedule.V1;

namespace CoderBootstrap.DevServer.Schedules;

/// <summary>What one cron string compiles to: a calendar or an interval, and the time zone it named if any.</summary>
internal sealed record CronStringParseResult(StructuredCalendarSpec? Calendar, IntervalSpec? Interval, string? TimeZoneName);
