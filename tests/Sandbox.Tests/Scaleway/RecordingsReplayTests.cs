namespace CoderBootstrap.Sandbox.Tests.Scaleway;

public sealed class RecordingsReplayTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] Apis = ["k8s", "rdb", "vpc", "lb"];

    public static TheoryData<string> Recordings()
    {
        var data = new TheoryData<string>();
        var root = Path.Combine(SharedFolder.Locate(), "recordings", "scaleway");
        foreach (var api in Apis)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(root, api), "*.json").Order(StringComparer.Ordinal))
            {
                data.Add($"{api}/{Path.GetFileName(file)}");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public async Task Replayed_recording_gets_the_recorded_status_codes_shapes_and_status_progression(string recording)
    {
        var interactions = RecordedInteraction.Load(Path.Combine(SharedFolder.Locate(), "recordings", "scaleway", recording));
        await using var server = await ScalewayTestServer.StartAsync(timeScale: 0.02);
        var replayer = new RecordingReplayer(server);

        await replayer.ReplayAsync(interactions);
        output.WriteLine($"{recording}: {replayer.Replayed} of {interactions.Count} interactions compared");
        foreach (var note in replayer.Skipped)
        {
            output.WriteLine("  " + note);
        }

        Assert.True(replayer.Failures.Count == 0, $"{recording}:\n{string.Join('\n', replayer.Failures)}\nnot compared:\n{string.Join('\n', replayer.Skipped)}");
        Assert.True(replayer.Replayed * 2 >= interactions.Count, $"{recording}: only {replayer.Replayed} of {interactions.Count} interactions replayed:\n{string.Join('\n', replayer.Skipped)}");
    }
}
