using Amazon.S3;
using CoderBootstrap.Activities.Backup;
using CoderBootstrap.Activities.State;
using CoderBootstrap.Sandbox.Postgres;
using CoderBootstrap.Sandbox.Runtime;
using CoderBootstrap.Sandbox.S3;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CoderBootstrap.Activities.Tests.Backup;

/// <summary>
/// A real local PostgreSQL (one role with a password, reached over TCP like a managed database)
/// and the sandbox's S3, shared by the backup tests. Without PostgreSQL nothing starts and the
/// tests skip (<see cref="Infra.PostgresFactAttribute"/>).
/// </summary>
public sealed class BackupFixture : IAsyncLifetime
{
    public const string Role = "coder_backup";

    private LocalPostgresServer? _postgres;
    private S3Server? _s3;

    /// <summary>A password no test output, log or object may contain.</summary>
    public string Password { get; } = "Pw-" + Guid.NewGuid().ToString("N") + "-secret";

    public SandboxRuntime S3Runtime { get; } = new(NullStateStore.Instance);

    public IAmazonS3 S3 { get; private set; } = null!;

    public PostgresClientTools Tools { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (LocalPostgresServer.FindBinaries() is not { } binaries)
        {
            return;
        }

        _postgres = await LocalPostgresServer.StartAsync(binaries, null, NullLogger.Instance, CancellationToken.None);
        await _postgres.EnsureRoleAsync(Role, Password, admin: true, CancellationToken.None);
        Tools = PostgresClientTools.Find() ?? throw new InvalidOperationException("pg_dump and pg_restore are not installed beside the server");

        const string accessKey = "SCWBACKUPTESTS000000";
        var secretKey = Guid.NewGuid().ToString();
        _s3 = new S3Server(S3Runtime, accessKey, secretKey, NullLoggerFactory.Instance);
        await _s3.StartAsync(CancellationToken.None);
        S3 = ObjectStorageClientFactory.Create(new ObjectStorageOptions(new Uri(_s3.BaseUrl), "fr-par", accessKey, secretKey));
    }

    public DatabaseEndpoint Endpoint(string database) => new(_postgres!.Host, _postgres.Port, Role, database);

    /// <summary>A new empty database owned by the test role.</summary>
    public async Task<DatabaseEndpoint> CreateDatabaseAsync()
    {
        var name = "db_" + Guid.NewGuid().ToString("N")[..10];
        await _postgres!.EnsureDatabaseAsync(name, Role, CancellationToken.None);
        return Endpoint(name);
    }

    /// <summary>A database whose dump takes several 8 MiB parts (~40 MB of incompressible bytes).</summary>
    public async Task<DatabaseEndpoint> CreateLargeDatabaseAsync()
    {
        var source = await CreateDatabaseAsync();
        await ExecuteAsync(source, """
            CREATE TABLE blobs (id int PRIMARY KEY, content bytea NOT NULL);
            INSERT INTO blobs SELECT i, decode(md5(i::text) || md5((i + 1)::text) || md5((i + 2)::text) || md5((i + 3)::text), 'hex') FROM generate_series(1, 600000) i;
            """);
        return source;
    }

    /// <summary>A database holding a table the test role may not read, so pg_dump fails on it.</summary>
    public async Task<DatabaseEndpoint> CreateDatabaseWithAnUnreadableTableAsync()
    {
        var database = await CreateDatabaseAsync();
        const string otherRole = "coder_backup_other";
        var otherPassword = Guid.NewGuid().ToString("N");
        await _postgres!.EnsureRoleAsync(otherRole, otherPassword, admin: false, CancellationToken.None);
        await ExecuteAsync(database, CoderLikeSchema.Create + $"GRANT CREATE ON SCHEMA public TO {otherRole};");
        var other = new DatabaseEndpoint(database.Host, database.Port, otherRole, database.Database);
        await using var connection = new NpgsqlConnection(other.ConnectionString(otherPassword));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CREATE TABLE not_yours (x int); INSERT INTO not_yours VALUES (1)", connection);
        await command.ExecuteNonQueryAsync();
        return database;
    }

    public async Task<string> CreateBucketAsync()
    {
        var bucket = "coder-backups-" + Guid.NewGuid().ToString("N")[..10];
        await S3.PutBucketAsync(bucket);
        return bucket;
    }

    public async Task ExecuteAsync(DatabaseEndpoint database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString(Password));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<List<string>> RowsAsync(DatabaseEndpoint database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString(Password));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    public async Task<byte[]> ReadObjectAsync(ObjectLocation location)
    {
        using var response = await S3.GetObjectAsync(location.Bucket, location.Key);
        using var content = new MemoryStream();
        await response.ResponseStream.CopyToAsync(content);
        return content.ToArray();
    }

    public async Task<(long Size, string Sha256)> DownloadDigestAsync(ObjectLocation location)
    {
        var content = await ReadObjectAsync(location);
        return (content.LongLength, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));
    }

    public async Task<bool> ObjectExistsAsync(ObjectLocation location)
    {
        var listing = await S3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = location.Bucket, Prefix = location.Key });
        return (listing.S3Objects ?? []).Any(o => o.Key == location.Key);
    }

    /// <summary>Replaces an object with the same bytes but one, as someone tampering with the bucket would.</summary>
    public async Task TamperAsync(ObjectLocation location)
    {
        var bytes = await ReadObjectAsync(location);
        bytes[bytes.Length / 2] ^= 0x5a;
        await S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = location.Bucket, Key = location.Key, InputStream = new MemoryStream(bytes) });
    }

    public async Task<bool> DatabaseExistsAsync(string name)
    {
        var rows = await RowsAsync(Endpoint("postgres"), $"SELECT 1 FROM pg_database WHERE datname = '{name}'");
        return rows.Count > 0;
    }

    public async Task DisposeAsync()
    {
        S3?.Dispose();
        if (_s3 is not null)
        {
            await _s3.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BackupCollection : ICollectionFixture<BackupFixture>
{
    public const string Name = "backup";
}
