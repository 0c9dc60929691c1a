using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Helium.Imager.IntegrationTests.Operations;

/// <summary>
/// deploy/kubernetes rendered by <c>kubectl kustomize</c> as an administrator applies it: the
/// settings ConfigMap's name carries a hash of settings.env, so changing a setting changes the pod
/// template (the pods roll); the pod gets no service-account token and spreads over nodes and zones;
/// a NetworkPolicy limits traffic both ways; the optional ServiceMonitor selects the metrics Service.
/// tests/run-all.sh sets HELIUM_TEST_KUBECTL=absent, and says so, on a machine without kubectl.
/// </summary>
public sealed partial class KubernetesManifestTests : IDisposable
{
    private static readonly string[] KubectlPaths = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"];
    private readonly string _copy = Directory.CreateTempSubdirectory("helium-kustomize-").FullName;

    public KubernetesManifestTests()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Root, "deploy/kubernetes")))
        {
            File.Copy(file, Path.Combine(_copy, Path.GetFileName(file)));
        }
    }

    private static bool KubectlAbsent => Environment.GetEnvironmentVariable("HELIUM_TEST_KUBECTL") == "absent";

    public void Dispose() => Directory.Delete(_copy, recursive: true);

    [Fact]
    public async Task A_changed_setting_rolls_the_pods()
    {
        if (KubectlAbsent)
        {
            return;
        }

        var first = await RenderAsync();
        var settings = ConfigMapName(first);
        Assert.Contains($"name: {settings}\n", Section(first, "Deployment"), StringComparison.Ordinal);
        Assert.Contains("Limits__MaxConcurrentTransforms: \"2\"", Section(first, "ConfigMap"), StringComparison.Ordinal);

        var file = Path.Combine(_copy, "settings.env");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("Limits__MaxConcurrentTransforms=2", "Limits__MaxConcurrentTransforms=3", StringComparison.Ordinal));
        var second = await RenderAsync();
        Assert.NotEqual(settings, ConfigMapName(second));
        Assert.Contains($"name: {ConfigMapName(second)}\n", Section(second, "Deployment"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pods_are_hardened_and_fenced()
    {
        if (KubectlAbsent)
        {
            return;
        }

        var rendered = await RenderAsync();
        var deployment = Section(rendered, "Deployment");
        Assert.Contains("automountServiceAccountToken: false", deployment, StringComparison.Ordinal);
        Assert.Contains("topologyKey: kubernetes.io/hostname", deployment, StringComparison.Ordinal);
        Assert.Contains("topologyKey: topology.kubernetes.io/zone", deployment, StringComparison.Ordinal);
        Assert.Contains("readOnlyRootFilesystem: true", deployment, StringComparison.Ordinal);
        Assert.Contains("runAsNonRoot: true", deployment, StringComparison.Ordinal);

        var policy = Section(rendered, "NetworkPolicy");
        Assert.Contains("- Ingress", policy, StringComparison.Ordinal);
        Assert.Contains("- Egress", policy, StringComparison.Ordinal);
        Assert.Contains("port: 9000", policy, StringComparison.Ordinal);
        Assert.Contains("port: 53", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("0.0.0.0/0", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_monitor_selects_the_metrics_service()
    {
        if (KubectlAbsent)
        {
            return;
        }

        var kustomization = Path.Combine(_copy, "kustomization.yaml");
        await File.WriteAllTextAsync(kustomization, (await File.ReadAllTextAsync(kustomization)).Replace("  - networkpolicy.yaml\n", "  - networkpolicy.yaml\n  - servicemonitor.yaml\n", StringComparison.Ordinal));
        var rendered = await RenderAsync();
        var monitor = Section(rendered, "ServiceMonitor");
        var metricsService = rendered.Split("\n---\n").Single(document => document.Contains("kind: Service\n", StringComparison.Ordinal) && document.Contains("name: helium-imager-metrics", StringComparison.Ordinal));
        Assert.Contains("app.kubernetes.io/component: metrics", metricsService, StringComparison.Ordinal);
        Assert.Contains("app.kubernetes.io/component: metrics", monitor, StringComparison.Ordinal);
        Assert.Contains("port: metrics", monitor, StringComparison.Ordinal);
        Assert.Contains("name: metrics", metricsService, StringComparison.Ordinal);
    }

    private async Task<string> RenderAsync()
    {
        var kubectl = KubectlPaths.FirstOrDefault(File.Exists);
        Assert.True(kubectl is not null, "kubectl is missing (tests/run-all.sh sets HELIUM_TEST_KUBECTL=absent when it cannot have it)");
        var start = new ProcessStartInfo(kubectl) { ArgumentList = { "kustomize", _copy }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await errors);
        return await output;
    }

    /// <summary>The one rendered document of this kind.</summary>
    private static string Section(string rendered, string kind) =>
        rendered.Split("\n---\n").Single(document => Regex.IsMatch(document, $"^kind: {kind}$", RegexOptions.Multiline));

    private static string ConfigMapName(string rendered) => GeneratedName().Match(Section(rendered, "ConfigMap")).Groups[1].Value;

    [GeneratedRegex(@"name: (helium-imager-[a-z0-9]{10})$", RegexOptions.Multiline)]
    private static partial Regex GeneratedName();
}
