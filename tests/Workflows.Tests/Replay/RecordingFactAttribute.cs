namespace CoderBootstrap.Workflows.Tests.Replay;

/// <summary>A fact that runs only when histories are being recorded (<c>RECORD_HISTORIES=1</c>): it rewrites the committed ones.</summary>
public sealed class RecordingFactAttribute : FactAttribute
{
    public const string Variable = "RECORD_HISTORIES";

    public RecordingFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"records the replay histories; run with {Variable}=1 to rewrite tests/Workflows.Tests/Histories";
        }
    }
}
