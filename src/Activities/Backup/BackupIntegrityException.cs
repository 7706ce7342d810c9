namespace CoderBootstrap.Activities.Backup;

/// <summary>A backup object whose bytes do not match what its manifest recorded (tampered, truncated or replaced).</summary>
public sealed class BackupIntegrityException(string message) : Exception(message);
