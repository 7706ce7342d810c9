using System.Text.Json.Nodes;

namespace CoderBootstrap.Sandbox.Scaleway;

/// <summary>The Kubernetes versions and CNIs the emulated Kapsule offers (values from the recordings).</summary>
public static class KapsuleCatalog
{
    public static readonly string[] Versions = ["1.35.3", "1.34.6", "1.33.10"];

    public static readonly string[] Cnis = ["cilium", "cilium_native", "calico", "kilo", "none"];

    /// <summary>Accepts a listed version or another patch release of a listed minor version (as older clusters carry).</summary>
    public static bool IsSupported(string version) =>
        Versions.Any(listed => listed == version || Minor(listed) == Minor(version));

    public static JsonObject RenderVersion(string version, string region)
    {
        var index = Array.IndexOf(Versions, version);
        var released = new DateTimeOffset(2026, 1, 19, 0, 0, 0, TimeSpan.Zero).AddMonths(-4 * index);
        return new JsonObject
        {
            ["region"] = region,
            ["name"] = version,
            ["label"] = $"Kubernetes {version}",
            ["available_cnis"] = ScalewayFormat.Strings(Cnis),
            ["available_container_runtimes"] = ScalewayFormat.Strings(["containerd"]),
            ["available_feature_gates"] = ScalewayFormat.Strings(["HPAScaleToZero", "CPUManagerPolicyAlphaOptions", "ImageVolume"]),
            ["available_admission_plugins"] = ScalewayFormat.Strings(["AlwaysPullImages", "PodNodeSelector", "PodTolerationRestriction"]),
            ["available_kubelet_args"] = new JsonObject
            {
                ["containerLogMaxFiles"] = "uint16",
                ["containerLogMaxSize"] = "quantity",
                ["cpuManagerPolicy"] = "enum:none|static",
                ["maxPods"] = "uint16",
            },
            ["deprecated_at"] = Trim(ScalewayFormat.Timestamp(released.AddYears(1))),
            ["end_of_life_at"] = Trim(ScalewayFormat.Timestamp(released.AddMonths(14))),
            ["released_at"] = Trim(ScalewayFormat.Timestamp(released)),
        };
    }

    private static string Minor(string version) => string.Join('.', version.Split('.').Take(2));

    private static string Trim(string timestamp) => timestamp.Replace(".000000Z", "Z", StringComparison.Ordinal);
}
