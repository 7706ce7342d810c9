using System.Diagnostics;
using System.Globalization;
using CoderBootstrap.Sandbox.Scaleway;
using CoderBootstrap.Teardown.Bench;
using CoderBootstrap.Workflows;
using Temporalio.Client;

// Teardown wall time divided by its critical path on the scaled realistic sandbox (printed, not
// asserted). The critical path is what the cloud itself takes, in order: Coder's load balancer goes
// once its namespace is deleted, then the slower of the cluster and database deletes, then the
// private network's release. The rest is orchestration and polling. Backups are skipped (the
// backup workflow is built on another branch); environments: dev, then staging.
var scale = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 0.05;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var timings = new SandboxTimings();
var critical = (timings.LbDelete + (timings.ClusterDelete > timings.RdbDelete ? timings.ClusterDelete : timings.RdbDelete) + timings.PrivateNetworkRelease) * scale;

foreach (var env in new[] { "dev", "staging" })
{
    await using var cloud = await BenchCloud.StartAsync(scale);
    var setup = new SetupInput(env, AutoApprove: true);
    await cloud.Client.ExecuteWorkflowAsync((SetupWorkflow w) => w.RunAsync(setup), new(WorkflowNames.Setup(env), WorkflowNames.TaskQueue));
    var teardown = new TeardownInput(env, SkipBackup: true);
    var watch = Stopwatch.StartNew();
    var result = await cloud.Client.ExecuteWorkflowAsync((TeardownWorkflow w) => w.RunAsync(teardown), new(WorkflowNames.Teardown(env), WorkflowNames.TaskQueue));
    var wall = watch.Elapsed;
    var phases = string.Join(", ", result.PhaseDurations.Select(p => $"{p.Key} {p.Value.TotalSeconds:F2} s"));
    Console.WriteLine($"{env} teardown (time scale {scale}): wall {wall.TotalSeconds:F2} s, critical path {critical.TotalSeconds:F2} s, ratio {wall / critical:F3} (target <= 1.15); {phases}; {result.Outcome}, {result.Deleted.Count} deleted");
}
