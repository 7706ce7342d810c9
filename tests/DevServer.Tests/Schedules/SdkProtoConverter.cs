using System.Reflection;

namespace CoderBootstrap.DevServer.Tests.Schedules;

/// <summary>Turns an SDK schedule spec into the proto the SDK sends, through its internal ToProto.</summary>
internal static class SdkProtoConverter
{
    public static Temporalio.Api.Schedule.V1.ScheduleSpec ToProto(Temporalio.Client.Schedules.ScheduleSpec spec)
    {
        var toProto = typeof(Temporalio.Client.Schedules.ScheduleSpec).GetMethod("ToProto", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("The SDK no longer has ScheduleSpec.ToProto");
        return (Temporalio.Api.Schedule.V1.ScheduleSpec)toProto.Invoke(spec, null)!;
    }
}
