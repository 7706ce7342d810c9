using System.Diagnostics;
using System.Globalization;
using CoderBootstrap.Activities.Backup;
using CoderBootstrap.Backup.Bench;

// Backup benchmark (figures are printed, not asserted): a database of about 1 GiB on a local
// PostgreSQL 15, dumped in the same run
//  1. with `pg_dump -Fc | gzip > file` (the baseline), and
//  2. with the product's streamer: pg_dump -Fc straight into a multipart upload to the sandbox's S3
//     (in a child process, so its object memory is not counted), SHA-256 and row counts included;
// then restored both ways: streamed from S3 into pg_restore, and pg_restore of the same dump from a file.
// Targets: throughput ratio (streamed / baseline) >= 0.8, peak RSS during the backup <= 200 MB.
// Usage: Backup.Bench [size in MiB, default 1024]
if (args is [S3ServerProcess.ServeArgument])
{
    await S3ServerProcess.ServeAsync();
    return 0;
}

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var sizeMiB = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
var tools = PostgresClientTools.Find();
if (tools is null || CoderBootstrap.Sandbox.Postgres.LocalPostgresServer.FindBinaries() is null)
{
    Console.Error.WriteLine("backup bench: PostgreSQL 15 is not installed (apt-get install postgresql)");
    return 2;
}

var work = Directory.CreateTempSubdirectory("backup-bench-");
await using var postgres = await BenchDatabase.StartAsync();
await using var s3 = await S3ServerProcess.StartAsync();
try
{
    Console.WriteLine($"filling a database of about {sizeMiB} MiB ({tools.BinDirectory}) ...");
    var source = await postgres.CreateAsync("coder");
    await postgres.FillAsync(source, sizeMiB * 1024 * 1024);
    var databaseBytes = await postgres.SizeAsync(source.Database);
    var rows = await postgres.RowCountAsync(source, "workspace_builds");
    Console.WriteLine($"  {databaseBytes / 1048576.0:F0} MiB on disk, {rows} rows");

    // Reference only: pg_dump -Fc already compresses, so the gzip of the baseline is extra work; this is pg_dump alone.
    var plainFile = Path.Combine(work.FullName, "coder-plain.dump");
    var plain = await Baseline.DumpFileAsync(tools, source, postgres.Password, plainFile);
    Console.WriteLine($"(reference) pg_dump -Fc > file: {plain.TotalSeconds:F1} s, {new FileInfo(plainFile).Length / 1048576.0:F1} MiB");
    File.Delete(plainFile);

    var gzipFile = Path.Combine(work.FullName, "coder.dump.gz");
    var baseline = await Baseline.DumpGzipAsync(tools, source, postgres.Password, gzipFile);
    Console.WriteLine($"pg_dump -Fc | gzip > file: {baseline.TotalSeconds:F1} s, {new FileInfo(gzipFile).Length / 1048576.0:F1} MiB, {databaseBytes / 1048576.0 / baseline.TotalSeconds:F1} MiB/s of database");

    const string bucket = "coder-backups-bench";
    await s3.Client.PutBucketAsync(bucket);
    var target = new ObjectLocation(bucket, BackupLayout.PartKey(BackupLayout.NewBackupId(DateTimeOffset.UtcNow, "be7c00"), "database.dump"));
    var streamer = new DatabaseDumpStreamer(tools, new MultipartStreamUploader(s3.Client));
    DatabaseDump dump;
    long backupPeak;
    TimeSpan streamed;
    using (var memory = ProcessMemory.StartPhase(out var peakReset))
    {
        if (!peakReset)
        {
            Console.WriteLine("  (the kernel refused to reset the peak RSS: the figure below is the peak of the whole run)");
        }

        var watch = Stopwatch.StartNew();
        dump = await streamer.DumpAsync(source, postgres.Password, target, null, null, CancellationToken.None);
        streamed = watch.Elapsed;
        backupPeak = memory.PeakBytes;
    }

    var ratio = baseline / streamed;
    Console.WriteLine($"streamed pg_dump -Fc -> S3 multipart: {streamed.TotalSeconds:F1} s, {dump.Object.Size / 1048576.0:F1} MiB in {dump.Object.PartCount} parts, {databaseBytes / 1048576.0 / streamed.TotalSeconds:F1} MiB/s of database");
    Console.WriteLine($"throughput ratio streamed / baseline: {ratio:F2} (target >= 0.8) {(ratio >= 0.8 ? "MET" : "NOT MET")}; streamed / plain pg_dump to a file: {plain / streamed:F2}");
    Console.WriteLine($"peak RSS of this process during the backup: {backupPeak / 1048576.0:F0} MiB (target <= 200 MB = {200_000_000 / 1048576.0:F0} MiB) {(backupPeak <= 200_000_000 ? "MET" : "NOT MET")}; the S3 child process peaked at {s3.PeakRssBytes() / 1048576.0:F0} MiB");

    var streamedTarget = await postgres.CreateAsync("restored_streamed");
    TimeSpan streamedRestore;
    long restorePeak;
    using (var memory = ProcessMemory.StartPhase(out _))
    {
        var watch = Stopwatch.StartNew();
        await new DatabaseRestoreStreamer(tools, s3.Client).RestoreAsync(target, new ExpectedContent(dump.Object.Size, dump.Object.Sha256), streamedTarget, postgres.Password, null, CancellationToken.None);
        streamedRestore = watch.Elapsed;
        restorePeak = memory.PeakBytes;
    }

    var dumpFile = Path.Combine(work.FullName, "coder.dump");
    await Baseline.DownloadAsync(s3.Client, target, dumpFile);
    var fileTarget = await postgres.CreateAsync("restored_file");
    var fileRestore = await Baseline.RestoreFileAsync(tools, fileTarget, postgres.Password, dumpFile);
    Console.WriteLine($"restore streamed from S3 (checksum verified): {streamedRestore.TotalSeconds:F1} s, peak RSS {restorePeak / 1048576.0:F0} MiB; pg_restore of the same dump from a file: {fileRestore.TotalSeconds:F1} s; ratio {streamedRestore / fileRestore:F2}");
    var restoredRows = (await postgres.RowCountAsync(streamedTarget, "workspace_builds"), await postgres.RowCountAsync(fileTarget, "workspace_builds"));
    Console.WriteLine($"rows after restore: streamed {restoredRows.Item1}, from file {restoredRows.Item2}, source {rows} {(restoredRows.Item1 == rows && restoredRows.Item2 == rows ? "(equal)" : "(DIFFERENT)")}");
    return 0;
}
finally
{
    work.Delete(recursive: true);
}
