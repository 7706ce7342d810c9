namespace CoderBootstrap.Activities.Tests.Backup;

/// <summary>A small database shaped like Coder's: users, workspaces with a foreign key, an index, and schema_migrations.</summary>
internal static class CoderLikeSchema
{
    public const string Create = """
        CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
        INSERT INTO schema_migrations VALUES (318, false);
        CREATE TABLE users (id uuid PRIMARY KEY, username text NOT NULL UNIQUE, created_at timestamptz NOT NULL);
        CREATE TABLE workspaces (id bigserial PRIMARY KEY, owner_id uuid NOT NULL REFERENCES users(id), name text NOT NULL, payload bytea);
        CREATE INDEX workspaces_owner ON workspaces (owner_id);
        INSERT INTO users SELECT md5(i::text)::uuid, 'user' || i, timestamptz '2026-01-01' + i * interval '1 minute' FROM generate_series(1, 200) i;
        INSERT INTO workspaces (owner_id, name, payload)
          SELECT md5((1 + i % 200)::text)::uuid, 'ws' || i, decode(md5(i::text) || md5((i * 7)::text), 'hex') FROM generate_series(1, 5000) i;
        """;

    public const string Snapshot = "SELECT u.username, count(w.id), sum(length(w.payload)) FROM users u LEFT JOIN workspaces w ON w.owner_id = u.id GROUP BY u.username ORDER BY u.username";
}
