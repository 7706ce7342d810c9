namespace CoderBootstrap.Sandbox.Coder;

/// <summary>Everything one cluster's emulated Coder knows; persisted as one state document per cluster.</summary>
internal sealed class CoderClusterDocument
{
    public Guid DeploymentId { get; set; } = Guid.NewGuid();

    /// <summary>The port the server last listened on, reused after a restart when it is still free.</summary>
    public int LastPort { get; set; }

    public OrganizationRecord? Organization { get; set; }

    public List<UserRecord> Users { get; set; } = [];

    public List<SessionRecord> Sessions { get; set; } = [];

    public List<FileRecord> Files { get; set; } = [];

    public List<TemplateVersionRecord> TemplateVersions { get; set; } = [];

    public List<TemplateRecord> Templates { get; set; } = [];

    internal sealed class OrganizationRecord
    {
        public Guid Id { get; set; }

        public string Name { get; set; } = "coder";

        public string DisplayName { get; set; } = "Coder";

        public DateTimeOffset CreatedAt { get; set; }
    }

    internal sealed class UserRecord
    {
        public Guid Id { get; set; }

        public string Email { get; set; } = "";

        public string Username { get; set; } = "";

        public string Name { get; set; } = "";

        /// <summary>PBKDF2 hash in Coder's <c>$pbkdf2-sha256$iterations$salt$hash</c> form; never the password.</summary>
        public string HashedPassword { get; set; } = "";

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset LastSeenAt { get; set; }
    }

    internal sealed class SessionRecord
    {
        public string KeyId { get; set; } = "";

        /// <summary>SHA-256 of the token's secret part.</summary>
        public string HashedSecret { get; set; } = "";

        public Guid UserId { get; set; }

        public DateTimeOffset ExpiresAt { get; set; }
    }

    internal sealed class FileRecord
    {
        public Guid Id { get; set; }

        public string Sha256 { get; set; } = "";

        public string Mimetype { get; set; } = "";

        public byte[] Content { get; set; } = [];

        public Guid CreatedBy { get; set; }

        public DateTimeOffset CreatedAt { get; set; }
    }

    internal sealed class TemplateVersionRecord
    {
        public Guid Id { get; set; }

        public Guid? TemplateId { get; set; }

        public string Name { get; set; } = "";

        public string Message { get; set; } = "";

        public string Readme { get; set; } = "";

        public Guid FileId { get; set; }

        public Guid CreatedBy { get; set; }

        public DateTimeOffset CreatedAt { get; set; }

        public Guid JobId { get; set; }

        /// <summary>When the import job leaves <c>pending</c> and when it completes; computed from the time scale at creation.</summary>
        public DateTimeOffset JobStartsAt { get; set; }

        public DateTimeOffset JobCompletesAt { get; set; }

        /// <summary>The import failure, decided when the version is created (null: the job succeeds).</summary>
        public string? JobError { get; set; }
    }

    internal sealed class TemplateRecord
    {
        public Guid Id { get; set; }

        public string Name { get; set; } = "";

        public string DisplayName { get; set; } = "";

        public string Description { get; set; } = "";

        public string Icon { get; set; } = "";

        public Guid ActiveVersionId { get; set; }

        public long DefaultTtlMs { get; set; }

        public long ActivityBumpMs { get; set; }

        public Guid CreatedBy { get; set; }

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }
    }
}
