using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CoderBootstrap.Sandbox.Postgres;

/// <summary>
/// One real PostgreSQL cluster run by the sandbox (initdb on first start, <c>postgres</c> on a free
/// loopback port, stopped on dispose). Each emulated managed-database instance maps to roles and
/// databases here. When running as root the server runs as the <c>postgres</c> user via <c>runuser</c>.
/// </summary>
public sealed class LocalPostgresServer : IAsyncDisposable
{
    private const string AdminRole = "sandbox_admin";

    private readonly ILogger _logger;
    private readonly string _binDirectory;
    private readonly bool _runAsPostgresUser;
    private Process? _server;
    private NpgsqlDataSource? _admin;

    private readonly bool _ephemeral;
    private readonly string _runtimeDirectory;

    private LocalPostgresServer(string binDirectory, string storageDirectory, string runtimeDirectory, bool ephemeral, ILogger logger)
    {
        _binDirectory = binDirectory;
        RootDirectory = storageDirectory;
        _runtimeDirectory = runtimeDirectory;
        _ephemeral = ephemeral;
        _logger = logger;
        _runAsPostgresUser = IsRoot;
    }

    private static bool IsRoot => Environment.UserName == "root";

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>Holds <c>data/</c> (the cluster) and <c>backups/</c> (pg_dump files).</summary>
    public string RootDirectory { get; }

    public string BackupDirectory => Path.Combine(RootDirectory, "backups");

    private string DataDirectory => Path.Combine(RootDirectory, "data");

    private string PortFile => Path.Combine(RootDirectory, "port");

    // Unix socket paths are limited to ~107 bytes, so the socket always lives under /tmp.
    private string SocketDirectory => Path.Combine(_runtimeDirectory, "socket");

    /// <summary>The newest <c>/usr/lib/postgresql/*/bin</c> holding <c>initdb</c> and <c>postgres</c>, or null.</summary>
    public static string? FindBinaries(string searchRoot = "/usr/lib/postgresql")
    {
        if (!Directory.Exists(searchRoot))
        {
            return null;
        }

        return Directory.GetDirectories(searchRoot)
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault();
    }

    /// <summary>
    /// Starts the server. With a <paramref name="stateDirectory"/> the cluster lives in its
    /// <c>postgres/</c> folder and survives restarts (under /tmp keyed by that directory when the
    /// <c>postgres</c> user could not reach it); without one it lives in a temporary folder removed on dispose.
    /// </summary>
    public static async Task<LocalPostgresServer> StartAsync(string binDirectory, string? stateDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        var key = stateDirectory is null
            ? Guid.NewGuid().ToString("N")[..12]
            : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(stateDirectory))))[..12].ToLowerInvariant();
        var runtime = Path.Combine(Path.GetTempPath(), $"sbxpg-{key}");
        var storage = runtime;
        if (stateDirectory is not null)
        {
            var inState = Path.Combine(Path.GetFullPath(stateDirectory), "postgres");
            if (!IsRoot || ReachableByOthers(Path.GetFullPath(stateDirectory)))
            {
                storage = inState;
            }
            else
            {
                logger.LogInformation("The postgres user cannot reach {StateDirectory}; the local PostgreSQL data lives in {Storage}", stateDirectory, runtime);
            }
        }

        var server = new LocalPostgresServer(binDirectory, storage, runtime, ephemeral: stateDirectory is null, logger);
        try
        {
            await server.StartCoreAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task EnsureRoleAsync(string role, string password, bool admin, CancellationToken cancellationToken)
    {
        var exists = await ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @a)", role, null, cancellationToken).ConfigureAwait(false);
        var statement = exists
            ? await FormatAsync("ALTER ROLE %I WITH LOGIN PASSWORD %L", role, password, cancellationToken).ConfigureAwait(false)
            : await FormatAsync("CREATE ROLE %I WITH LOGIN PASSWORD %L", role, password, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("postgres", statement, cancellationToken).ConfigureAwait(false);
        var options = admin ? "CREATEDB CREATEROLE" : "NOCREATEDB NOCREATEROLE";
        await ExecuteAsync("postgres", await FormatAsync("ALTER ROLE %I WITH " + options, role, null, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    public async Task SetPasswordAsync(string role, string password, CancellationToken cancellationToken) =>
        await ExecuteAsync("postgres", await FormatAsync("ALTER ROLE %I WITH PASSWORD %L", role, password, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    public async Task DropRoleAsync(string role, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync("postgres", await FormatAsync("DROP ROLE IF EXISTS %I", role, null, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DependentObjectsStillExist)
        {
            _logger.LogWarning("Role {Role} still owns objects in another database; it is kept", role);
        }
    }

    public async Task EnsureDatabaseAsync(string database, string owner, CancellationToken cancellationToken)
    {
        var exists = await ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @a)", database, null, cancellationToken).ConfigureAwait(false);
        if (!exists)
        {
            await ExecuteAsync("postgres", await FormatAsync("CREATE DATABASE %I OWNER %I", database, owner, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DropDatabaseAsync(string database, CancellationToken cancellationToken) =>
        await ExecuteAsync("postgres", await FormatAsync("DROP DATABASE IF EXISTS %I WITH (FORCE)", database, null, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    public async Task<long> DatabaseSizeAsync(string database, CancellationToken cancellationToken) =>
        await ScalarAsync<long>("SELECT COALESCE((SELECT pg_database_size(datname) FROM pg_database WHERE datname = @a), 0)", database, null, cancellationToken).ConfigureAwait(false);

    /// <summary>Applies a managed-database permission (<c>all</c>, <c>readwrite</c>, <c>readonly</c>, <c>none</c>) of a user on a database.</summary>
    public async Task GrantAsync(string database, string role, string permission, CancellationToken cancellationToken)
    {
        var statements = permission switch
        {
            "all" => new[] { "GRANT ALL PRIVILEGES ON DATABASE %I TO %I", "GRANT ALL ON SCHEMA public TO %2$I", "GRANT ALL ON ALL TABLES IN SCHEMA public TO %2$I" },
            "readwrite" => ["GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I", "GRANT USAGE, CREATE ON SCHEMA public TO %2$I", "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %2$I"],
            "readonly" => ["GRANT CONNECT ON DATABASE %I TO %I", "GRANT USAGE ON SCHEMA public TO %2$I", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO %2$I"],
            _ => ["REVOKE ALL PRIVILEGES ON DATABASE %I FROM %I"],
        };
        foreach (var template in statements)
        {
            var sql = await FormatAsync(template, database, role, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(template.Contains("SCHEMA", StringComparison.Ordinal) ? database : "postgres", sql, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Dumps a database in pg_dump's custom format; returns the file size.</summary>
    public async Task<long> DumpAsync(string database, string file, CancellationToken cancellationToken)
    {
        await RunToolAsync("pg_dump", ["-Fc", "-h", SocketDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", AdminRole, "-f", file, database], cancellationToken).ConfigureAwait(false);
        return new FileInfo(file).Length;
    }

    public async Task RestoreAsync(string file, string database, string owner, CancellationToken cancellationToken)
    {
        await EnsureDatabaseAsync(database, owner, cancellationToken).ConfigureAwait(false);
        await RunToolAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--role", owner, "-h", SocketDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", AdminRole, "-d", database, file], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync().ConfigureAwait(false);
        }

        if (_server is { HasExited: false } server)
        {
            try
            {
                await RunToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "30"], CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException exception)
            {
                _logger.LogWarning(exception, "pg_ctl stop failed; killing the PostgreSQL process");
            }

            if (!server.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                server.Kill(entireProcessTree: true);
            }
        }

        _server?.Dispose();
        var transient = _ephemeral ? RootDirectory : RootDirectory == _runtimeDirectory ? SocketDirectory : _runtimeDirectory;
        try
        {
            if (Directory.Exists(transient))
            {
                Directory.Delete(transient, recursive: true);
            }
        }
        catch (IOException exception)
        {
            _logger.LogWarning(exception, "Could not remove {Directory}", transient);
        }
    }

    private static bool ReachableByOthers(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            if (current.Exists && !current.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_ephemeral && Directory.Exists(RootDirectory))
        {
            Directory.Delete(RootDirectory, recursive: true);
        }

        Directory.CreateDirectory(RootDirectory);
        Directory.CreateDirectory(_runtimeDirectory);
        Directory.CreateDirectory(SocketDirectory);
        Directory.CreateDirectory(BackupDirectory);
        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            File.SetUnixFileMode(RootDirectory, ownerOnly);
            File.SetUnixFileMode(_runtimeDirectory, ownerOnly);
            File.SetUnixFileMode(SocketDirectory, ownerOnly);
        }

        if (_runAsPostgresUser)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", RootDirectory], cancellationToken).ConfigureAwait(false);
            await RunAsync("chown", ["-R", "postgres:postgres", _runtimeDirectory], cancellationToken).ConfigureAwait(false);
        }

        await StopStaleServerAsync(cancellationToken).ConfigureAwait(false);
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            // Local (socket) connections are trusted: the socket directory is private to the server's user.
            await RunToolAsync("initdb", ["-D", DataDirectory, "-U", AdminRole, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C"], cancellationToken).ConfigureAwait(false);
        }

        // A managed database's endpoint does not move, so the recorded port comes first; a free port can be
        // taken by someone else before postgres binds it, so a few are tried after it.
        var recordedPort = File.Exists(PortFile) && int.TryParse(await File.ReadAllTextAsync(PortFile, cancellationToken).ConfigureAwait(false), out var port) ? port : 0;
        for (var attempt = 1; ; attempt++)
        {
            if (await TryStartAsync(attempt == 1 && recordedPort > 0 ? recordedPort : FreePort(), cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException($"PostgreSQL exited with code {_server?.ExitCode} while starting.");
            }

            _server?.Dispose();
            _server = null;
        }

        await File.WriteAllTextAsync(PortFile, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Local PostgreSQL listening on 127.0.0.1:{Port}", Port);
    }

    /// <summary>
    /// A server left running by a sandbox that was killed before it could stop it (its <c>postmaster.pid</c> names a
    /// live postgres of this data directory) holds the data directory: it is stopped before this one starts.
    /// </summary>
    private async Task StopStaleServerAsync(CancellationToken cancellationToken)
    {
        var lockFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(lockFile)
            || !int.TryParse((await File.ReadAllLinesAsync(lockFile, cancellationToken).ConfigureAwait(false)).FirstOrDefault(), out var pid)
            || !IsServerOfThisDataDirectory(pid))
        {
            return;
        }

        _logger.LogWarning("Stopping PostgreSQL server {Pid} left running on {DataDirectory} by an earlier sandbox", pid, DataDirectory);
        try
        {
            await RunToolAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "30"], cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException exception)
        {
            _logger.LogWarning(exception, "pg_ctl stop of the stale server failed; killing it");
        }

        if (IsServerOfThisDataDirectory(pid))
        {
            using var stale = Process.GetProcessById(pid);
            stale.Kill(entireProcessTree: true);
            await stale.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private bool IsServerOfThisDataDirectory(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return commandLine.Length > 0 && Path.GetFileName(commandLine[0]) == "postgres" && commandLine.Contains(DataDirectory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Starts postgres on the port and waits until it accepts connections; false when it exited while starting.</summary>
    private async Task<bool> TryStartAsync(int port, CancellationToken cancellationToken)
    {
        Port = port;
        var (fileName, arguments) = Command("bash", ["-c", DiesWithParentScript, "postgres-with-parent", Path.Combine(_binDirectory, "postgres"),
            "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", SocketDirectory, "-c", "listen_addresses=127.0.0.1"]);
        var start = new ProcessStartInfo(fileName) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var server = Process.Start(start) ?? throw new InvalidOperationException("PostgreSQL did not start.");
        _server = server;
        server.OutputDataReceived += (_, e) => { if (e.Data is not null) { _logger.LogDebug("postgres: {Line}", e.Data); } };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _logger.LogDebug("postgres: {Line}", e.Data); } };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();

        if (_admin is not null)
        {
            await _admin.DisposeAsync().ConfigureAwait(false);
        }

        _admin = new NpgsqlDataSourceBuilder($"Host={SocketDirectory};Port={Port};Username={AdminRole};Database=postgres;Pooling=true;Timeout=5").Build();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (server.HasExited)
            {
                return false;
            }

            try
            {
                await using var connection = await _admin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception exception) when (exception is NpgsqlException or SocketException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Runs the server as a child that dies with the sandbox, even when the sandbox is killed with SIGKILL: the
    /// wrapper's stdin is a pipe only the sandbox holds, so its end of file (the sandbox exited, however) makes
    /// the wrapper fast-shut the server down. It also forwards SIGTERM/SIGINT and exits with the server.
    /// </summary>
    private const string DiesWithParentScript = """
        exec 3<&0
        "$@" </dev/null &
        server=$!
        ( while read -r _ <&3; do :; done; kill -INT "$server" 2>/dev/null ) &
        watcher=$!
        trap 'kill -INT "$server" 2>/dev/null' TERM INT
        while kill -0 "$server" 2>/dev/null; do wait "$server"; status=$?; done
        kill "$watcher" 2>/dev/null
        exit "${status:-1}"
        """;

    private async Task<string> FormatAsync(string template, string first, string? second, CancellationToken cancellationToken) =>
        await ScalarAsync<string>("SELECT format(@t, @a, @b)", first, second, cancellationToken, template).ConfigureAwait(false);

    private async Task<T> ScalarAsync<T>(string sql, string first, string? second, CancellationToken cancellationToken, string? template = null)
    {
        await using var command = AdminSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("a", NpgsqlTypes.NpgsqlDbType.Text) { Value = first });
        command.Parameters.Add(new NpgsqlParameter("b", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)second ?? DBNull.Value });
        if (template is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("t", NpgsqlTypes.NpgsqlDbType.Text) { Value = template });
        }

        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task ExecuteAsync(string database, string sql, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(AdminSource.ConnectionString) { Database = database };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private NpgsqlDataSource AdminSource => _admin ?? throw new InvalidOperationException("PostgreSQL is not started.");

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (fileName, allArguments) = Command(Path.Combine(_binDirectory, tool), arguments);
        return RunAsync(fileName, allArguments, cancellationToken);
    }

    private (string FileName, IReadOnlyList<string> Arguments) Command(string program, IReadOnlyList<string> arguments) =>
        _runAsPostgresUser ? ("runuser", ["-u", "postgres", "--", program, .. arguments]) : (program, arguments);

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(arguments.Count > 3 && fileName == "runuser" ? arguments[3] : fileName)} failed ({process.ExitCode}): {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
