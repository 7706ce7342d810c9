using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace CoderBootstrap.Activities.Environments;

/// <summary>
/// Reads and validates deploy/environments/&lt;name&gt;.yaml. Every problem (unknown field, wrong
/// type, bad value, missing field) becomes an <see cref="EnvironmentSpecException"/> whose one-line
/// message names the file, the field path and what is allowed.
/// </summary>
public sealed partial class EnvironmentSpecLoader
{
    private static readonly string[] Regions = ["fr-par", "nl-ams", "pl-waw"];
    private static readonly string[] Cnis = ["cilium", "cilium_native", "calico", "kilo"];
    private static readonly string[] RootVolumeTypes = ["default_volume_type", "l_ssd", "b_ssd", "sbs_5k", "sbs_15k"];
    private static readonly string[] DatabaseVolumeTypes = ["lssd", "bssd", "sbs_5k", "sbs_15k"];
    private static readonly string[] PodSecurityLevels = ["privileged", "baseline", "restricted"];
    private static readonly string[] LoadBalancerTypes = ["LB-S", "LB-GP-M", "LB-GP-L", "LB-GP-XL"];
    private static readonly string[] OAuthProviders = ["github"];

    private readonly string _environmentsDirectory;

    public EnvironmentSpecLoader(string environmentsDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environmentsDirectory);
        _environmentsDirectory = environmentsDirectory;
    }

    public string EnvironmentsDirectory => _environmentsDirectory;

    /// <summary>Names of the environments that have a file, sorted.</summary>
    public IReadOnlyList<string> KnownEnvironments()
    {
        if (!Directory.Exists(_environmentsDirectory))
        {
            return [];
        }
        return Directory.GetFiles(_environmentsDirectory, "*.yaml")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public EnvironmentSpec Load(string environmentName) => LoadSnapshot(environmentName).Spec;

    /// <summary>The validated spec with the SHA-256 digest of the file's bytes: what a run carries from its start.</summary>
    public Contracts.SpecSnapshot LoadSnapshot(string environmentName)
    {
        ArgumentNullException.ThrowIfNull(environmentName);
        var known = KnownEnvironments();
        var fileName = environmentName + ".yaml";
        var path = known.Contains(environmentName, StringComparer.Ordinal) ? Path.Combine(_environmentsDirectory, fileName) : ReviewFileOf(environmentName);
        if (path is null)
        {
            var list = known.Count == 0 ? $"none (no *.yaml in {_environmentsDirectory})" : string.Join(", ", known);
            throw new UnknownEnvironmentException($"unknown environment '{environmentName}'; known environments: {list}");
        }
        var bytes = File.ReadAllBytes(path);
        var spec = Parse(System.Text.Encoding.UTF8.GetString(bytes), fileName);
        return new Contracts.SpecSnapshot(spec, Digest(bytes));
    }

    /// <summary>How a spec file is identified in state documents and status: <c>sha256:</c> and the hex digest of its bytes.</summary>
    public static string Digest(byte[] fileBytes) =>
        "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(fileBytes)).ToLowerInvariant();

    public IReadOnlyList<EnvironmentSpec> LoadAll() => KnownEnvironments().Select(Load).ToList();

    /// <summary>Parses one environment document; <paramref name="fileName"/> (for example "dev.yaml") is used in messages and must match the environment name.</summary>
    public static EnvironmentSpec Parse(string yamlText, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(fileName);
        var root = YamlMap.Root(fileName, yamlText,
        [
            "name", "description", "region", "zone", "network", "kubernetes", "database", "security",
            "monitoring", "load_balancer", "storage", "coder", "templates", "approval_required", "monthly_budget_eur", "hooks", "backup",
            "budget_alert_thresholds", "cost_check", "schedules",
        ]);

        var expectedName = Path.GetFileNameWithoutExtension(fileName);
        var name = root.RequiredString("name", n => n == expectedName && LowercaseName().IsMatch(n),
            $"'{expectedName}' (the file name without .yaml; lowercase letters, digits and hyphens)");
        var region = root.RequiredChoice("region", Regions);
        var zone = root.RequiredString("zone", z => Regex.IsMatch(z, "^" + Regex.Escape(region) + "-[1-3]$"),
            $"a zone of region {region}: {region}-1, {region}-2 or {region}-3");

        return new EnvironmentSpec(
            name,
            root.RequiredString("description"),
            region,
            zone,
            ReadNetwork(root),
            ReadKubernetes(root),
            ReadDatabase(root),
            ReadSecurity(root),
            new MonitoringSpec(root.RequiredMap("monitoring", ["enabled"]).RequiredBool("enabled")),
            new LoadBalancerSpec(root.RequiredMap("load_balancer", ["type"]).RequiredChoice("type", LoadBalancerTypes)),
            new StorageSpec(root.RequiredMap("storage", ["block_storage_gb"]).RequiredInt("block_storage_gb", 0, 100_000)),
            ReadCoder(root),
            root.StringList("templates", t => LowercaseName().IsMatch(t), "template names (lowercase letters, digits, hyphens)", allowEmpty: false),
            root.RequiredBool("approval_required"),
            root.RequiredDecimal("monthly_budget_eur", 0m, 1_000_000m),
            ReadHooks(root),
            ReadBackupPolicy(root),
            root.Has("budget_alert_thresholds")
                ? root.StringList("budget_alert_thresholds", t => int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 1000,
                    "percentages 1-1000", allowEmpty: false).Select(t => int.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList()
                : null,
            root.OptionalMap("cost_check", ["cron"])?.RequiredString("cron", IsCron, "a five-field cron expression in UTC, e.g. \"0 6 * * *\" (quote it)"),
            root.OptionalMap("schedules", ["apply_on_setup"])?.RequiredBool("apply_on_setup") ?? false);
    }

    private static HooksSpec? ReadHooks(YamlMap root)
    {
        var map = root.OptionalMap("hooks", ["timeout"]);
        var timeout = map?.OptionalString("timeout", text => Setup.HookTimeouts.TryParse(text) is not null, Setup.HookTimeouts.Allowed);
        return map is null ? null : new HooksSpec(Setup.HookTimeouts.TryParse(timeout));
    }

    private static BackupPolicySpec? ReadBackupPolicy(YamlMap root)
    {
        var map = root.OptionalMap("backup", ["keep_last", "retention_days", "verify_every", "schedule"]);
        if (map is null)
        {
            return null;
        }
        var defaults = BackupPolicySpec.Default;
        BackupScheduleSpec? schedule = null;
        if (map.OptionalMap("schedule", ["cron", "jitter"]) is { } scheduleMap)
        {
            var cron = scheduleMap.RequiredString("cron", IsCron, "a five-field cron expression in UTC, e.g. \"0 3 * * *\" (quote it)");
            var jitter = scheduleMap.OptionalString("jitter", j => TryParseDuration(j, out var d) && d <= TimeSpan.FromHours(12), "a duration up to 12h such as 30s, 10m or 1h");
            schedule = new BackupScheduleSpec(cron, jitter is null ? TimeSpan.Zero : ParseDuration(jitter));
        }
        return new BackupPolicySpec(
            map.Has("keep_last") ? map.RequiredInt("keep_last", 1, 1000) : defaults.KeepLast,
            map.Has("retention_days") ? map.RequiredInt("retention_days", 1, 3650) : defaults.RetentionDays,
            map.Has("verify_every") ? map.RequiredInt("verify_every", 0, 1000) : defaults.VerifyEvery,
            schedule);
    }

    private static bool IsCron(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 5 && fields.All(f => CronField().IsMatch(f));
    }

    private static TimeSpan ParseDuration(string text) => TryParseDuration(text, out var duration) ? duration : TimeSpan.Zero;

    private static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = DurationText().Match(text);
        if (!match.Success)
        {
            return false;
        }
        var amount = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        duration = match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            _ => TimeSpan.FromHours(amount),
        };
        return true;
    }

    [GeneratedRegex(@"^[0-9*/,\-A-Za-z]+$")]
    private static partial Regex CronField();

    [GeneratedRegex(@"^([0-9]{1,5})(s|m|h)$")]
    private static partial Regex DurationText();

    private static NetworkSpec ReadNetwork(YamlMap root)
    {
        var map = root.RequiredMap("network", ["private_network_name", "private_network_cidr"]);
        return new NetworkSpec(
            map.RequiredString("private_network_name", n => ResourceName().IsMatch(n), ResourceNameRule),
            map.RequiredString("private_network_cidr", IsPrivateIpv4Cidr,
                "an IPv4 CIDR inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a prefix from /8 to /28, written with its network address (e.g. 172.16.0.0/22)"));
    }

    private static KubernetesSpec ReadKubernetes(YamlMap root)
    {
        var map = root.RequiredMap("kubernetes", ["cluster_name", "version", "cni", "auto_upgrade", "node_pool"]);
        var clusterName = map.RequiredString("cluster_name", n => ResourceName().IsMatch(n), ResourceNameRule);
        var version = map.RequiredString("version", v => KubernetesVersion().IsMatch(v), "a Kubernetes version like \"1.32\" or \"1.32.3\" (quote it)");
        var cni = map.RequiredChoice("cni", Cnis);
        var autoUpgrade = map.RequiredBool("auto_upgrade");

        var pool = map.RequiredMap("node_pool", ["name", "node_type", "size", "autoscaling", "autohealing", "root_volume_type", "root_volume_size_gb"]);
        var poolName = pool.RequiredString("name", n => ResourceName().IsMatch(n), ResourceNameRule);
        var nodeType = pool.RequiredString("node_type", t => NodeType().IsMatch(t), "a Scaleway node type like GP1-XS, GP1-S, GP1-M, DEV1-M, PRO2-XXS");
        var size = pool.RequiredInt("size", 1, 100);
        var autoscalingMap = pool.RequiredMap("autoscaling", ["enabled", "min_size", "max_size"]);
        var autoscaling = new AutoscalingSpec(
            autoscalingMap.RequiredBool("enabled"),
            autoscalingMap.RequiredInt("min_size", 0, 100),
            autoscalingMap.RequiredInt("max_size", 1, 100));
        if (autoscaling.MinSize > size || autoscaling.MaxSize < size)
        {
            throw autoscalingMap.Error(autoscalingMap.FieldPath("min_size"),
                $"bounds {autoscaling.MinSize}..{autoscaling.MaxSize} do not contain the pool size {size}",
                "min_size <= kubernetes.node_pool.size <= max_size");
        }
        return new KubernetesSpec(clusterName, version, cni, autoUpgrade, new NodePoolSpec(
            poolName,
            nodeType,
            size,
            autoscaling,
            pool.RequiredBool("autohealing"),
            pool.RequiredChoice("root_volume_type", RootVolumeTypes),
            pool.RequiredInt("root_volume_size_gb", 20, 1_000)));
    }

    private static DatabaseSpec ReadDatabase(YamlMap root)
    {
        var map = root.RequiredMap("database",
            ["instance_name", "engine", "node_type", "high_availability", "volume_type", "volume_size_gb", "database_name", "user_name", "backup"]);
        var backup = map.RequiredMap("backup", ["enabled", "frequency_hours", "retention_days"]);
        return new DatabaseSpec(
            map.RequiredString("instance_name", n => ResourceName().IsMatch(n), ResourceNameRule),
            map.RequiredString("engine", e => PostgresEngine().IsMatch(e), "a PostgreSQL engine like PostgreSQL-15 or PostgreSQL-16"),
            map.RequiredString("node_type", t => NodeType().IsMatch(t), "a database node type like DB-DEV-S, DB-GP-S, DB-GP-M"),
            map.RequiredBool("high_availability"),
            map.RequiredChoice("volume_type", DatabaseVolumeTypes),
            map.RequiredInt("volume_size_gb", 5, 10_000),
            map.RequiredString("database_name", n => PostgresIdentifier().IsMatch(n), PostgresIdentifierRule),
            map.RequiredString("user_name", n => PostgresIdentifier().IsMatch(n), PostgresIdentifierRule),
            new BackupSpec(
                backup.RequiredBool("enabled"),
                backup.RequiredInt("frequency_hours", 1, 24),
                backup.RequiredInt("retention_days", 1, 365)));
    }

    private static SecuritySpec ReadSecurity(YamlMap root)
    {
        var map = root.RequiredMap("security", ["pod_security_standard", "network_policies"]);
        var level = map.RequiredChoice("pod_security_standard", PodSecurityLevels);
        return new SecuritySpec(
            Enum.Parse<PodSecurityStandard>(level, ignoreCase: true),
            map.RequiredBool("network_policies"));
    }

    private static CoderSpec ReadCoder(YamlMap root)
    {
        var map = root.RequiredMap("coder", ["version", "namespace", "access_url", "wildcard_access_url", "replicas", "resources", "oauth"]);
        var version = map.RequiredString("version", v => SemanticVersion().IsMatch(v), "a Coder release version like \"2.24.1\" (quote it)");
        var ns = map.RequiredString("namespace", n => ResourceName().IsMatch(n) && n.Length <= 63, "a Kubernetes namespace name (lowercase letters, digits, hyphens, at most 63)");
        var accessUrl = map.RequiredString("access_url", IsHttpUrl, "an absolute http:// or https:// URL without path, e.g. https://coder.example.com");
        var wildcard = map.OptionalString("wildcard_access_url", w => WildcardHost().IsMatch(w), "a wildcard host like *.coder.example.com");
        var replicas = map.RequiredInt("replicas", 1, 10);

        var resources = map.RequiredMap("resources", ["requests", "limits"]);
        var requests = ReadQuantities(resources, "requests");
        var limits = ReadQuantities(resources, "limits");
        var limitsMap = resources.RequiredMap("limits", ["cpu", "memory"]);
        if (ParseCpu(requests.Cpu) > ParseCpu(limits.Cpu))
        {
            throw limitsMap.Error(limitsMap.FieldPath("cpu"), $"limit {limits.Cpu} is below the request {requests.Cpu}", "a CPU limit at least the request");
        }
        if (ParseMemory(requests.Memory) > ParseMemory(limits.Memory))
        {
            throw limitsMap.Error(limitsMap.FieldPath("memory"), $"limit {limits.Memory} is below the request {requests.Memory}", "a memory limit at least the request");
        }

        var oauth = map.RequiredMap("oauth", ["provider", "client_id", "client_secret", "allowed_orgs"]);
        var oauthSpec = new OAuthSpec(
            oauth.RequiredChoice("provider", OAuthProviders),
            ReadSecretReference(oauth, "client_id"),
            ReadSecretReference(oauth, "client_secret"),
            oauth.StringList("allowed_orgs", o => GitHubOrganization().IsMatch(o), "GitHub organization names", allowEmpty: false));

        return new CoderSpec(version, ns, accessUrl, wildcard, replicas, new ContainerResourcesSpec(requests, limits), oauthSpec);
    }

    private static ResourceQuantities ReadQuantities(YamlMap resources, string key)
    {
        var map = resources.RequiredMap(key, ["cpu", "memory"]);
        return new ResourceQuantities(
            map.RequiredString("cpu", c => CpuQuantity().IsMatch(c), "a Kubernetes CPU quantity like \"500m\" or \"2\""),
            map.RequiredString("memory", m => MemoryQuantity().IsMatch(m), "a Kubernetes memory quantity like \"512Mi\" or \"2Gi\""));
    }

    private static SecretReference ReadSecretReference(YamlMap parent, string key)
    {
        if (!parent.Has(key))
        {
            throw parent.Error(parent.FieldPath(key), "missing required field", "a secret reference { from_env: VARIABLE_NAME }");
        }
        if (!parent.IsMapping(key))
        {
            throw parent.Error(parent.FieldPath(key), "secret values must not be written in environment files",
                "a secret reference { from_env: VARIABLE_NAME }");
        }
        var map = parent.RequiredMap(key, ["from_env"]);
        return new SecretReference(map.RequiredString("from_env", v => EnvironmentVariableName().IsMatch(v),
            "an environment variable name (uppercase letters, digits, underscores)"));
    }

    private static bool IsPrivateIpv4Cidr(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix < 8 || prefix > 28
            || parts[0].Split('.').Length != 4)
        {
            return false;
        }
        var bytes = address.GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        if ((value & ~mask) != 0)
        {
            return false;
        }
        static bool Inside(uint value, int prefix, uint network, int networkPrefix) =>
            prefix >= networkPrefix && (value & (uint.MaxValue << (32 - networkPrefix))) == network;
        return Inside(value, prefix, 0x0A000000, 8) || Inside(value, prefix, 0xAC100000, 12) || Inside(value, prefix, 0xC0A80000, 16);
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.AbsolutePath == "/" && !text.EndsWith('/') && string.IsNullOrEmpty(uri.Query);

    private static decimal ParseCpu(string quantity) =>
        quantity.EndsWith('m')
            ? decimal.Parse(quantity[..^1], CultureInfo.InvariantCulture) / 1000m
            : decimal.Parse(quantity, CultureInfo.InvariantCulture);

    private static decimal ParseMemory(string quantity)
    {
        var match = MemoryQuantity().Match(quantity);
        var number = decimal.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture);
        var factor = match.Groups["unit"].Value switch
        {
            "Ki" => 1024m,
            "Mi" => 1024m * 1024,
            "Gi" => 1024m * 1024 * 1024,
            "Ti" => 1024m * 1024 * 1024 * 1024,
            "K" => 1000m,
            "M" => 1000m * 1000,
            "G" => 1000m * 1000 * 1000,
            "T" => 1000m * 1000 * 1000 * 1000,
            _ => 1m,
        };
        return number * factor;
    }

    private const string ResourceNameRule = "lowercase letters, digits and hyphens, starting with a letter or digit (at most 63)";
    private const string PostgresIdentifierRule = "a PostgreSQL identifier: lowercase letters, digits and underscores, starting with a letter or underscore";

    [GeneratedRegex("^[a-z][a-z0-9-]{0,30}$")]
    private static partial Regex LowercaseName();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex ResourceName();

    [GeneratedRegex(@"^\d+\.\d+(\.\d+)?$")]
    private static partial Regex KubernetesVersion();

    [GeneratedRegex("^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")]
    private static partial Regex NodeType();

    [GeneratedRegex(@"^PostgreSQL-\d{2}$")]
    private static partial Regex PostgresEngine();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex PostgresIdentifier();

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex SemanticVersion();

    [GeneratedRegex(@"^\*\.[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")]
    private static partial Regex WildcardHost();

    [GeneratedRegex(@"^(\d+m|\d+(\.\d+)?)$")]
    private static partial Regex CpuQuantity();

    [GeneratedRegex(@"^(?<number>\d+(\.\d+)?)(?<unit>Ki|Mi|Gi|Ti|K|M|G|T)?$")]
    private static partial Regex MemoryQuantity();

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,38})$")]
    private static partial Regex GitHubOrganization();

    [GeneratedRegex("^[A-Z_][A-Z0-9_]*$")]
    private static partial Regex EnvironmentVariableName();
}
