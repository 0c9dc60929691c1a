namespace Helium.Imager.UnitTests.Architecture;

/// <summary>Dependencies run one way: host → pipeline → imaging core, and no namespace reaches back to
/// itself through others.</summary>
public sealed class DependencyTests
{
    private static readonly string CoreAssembly = typeof(TransformPlan).Assembly.Location;
    private static readonly string HostAssembly = typeof(HeliumServer).Assembly.Location;

    [Fact]
    public void The_core_references_neither_aspnet_core_nor_a_store()
    {
        var references = typeof(TransformPlan).Assembly.GetReferencedAssemblies().Select(name => name.Name!).ToList();

        var forbidden = references.Where(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || name.StartsWith("AWSSDK", StringComparison.Ordinal) || name.StartsWith("Yarp", StringComparison.Ordinal)
            || name.StartsWith("Helium.Imager", StringComparison.Ordinal)).ToList();
        Assert.True(forbidden.Count == 0, $"Helium.Imager.Core references {string.Join(", ", forbidden)}");
        Assert.Contains("Magick.NET.Core", references); // the check reads real references
    }

    [Fact]
    public void No_namespace_reaches_itself_through_others()
    {
        var graph = NamespaceGraph.Of([CoreAssembly, HostAssembly], [Path.Combine(Repository.Root, "src")]);

        var cycles = graph.Cycles();

        Assert.True(graph.Edges.Count > 20, $"only {graph.Edges.Count} namespaces were read");
        Assert.True(cycles.Count == 0, "namespace cycles:\n" + string.Join("\n\n", cycles.Select(c => string.Join("\n", c))));
    }

    [Fact]
    public void A_cycle_is_found_where_there_is_one()
    {
        // The test's own assembly and sources: RegisteredSources (Helium.Imager.UnitTests) and this
        // namespace use each other only if made to; so make a graph with one planted both ways.
        var graph = NamespaceGraph.Of([CoreAssembly], []);
        var planted = NamespaceGraph.Of([CoreAssembly], [Path.Combine(Repository.Root, "tests", "Helium.Imager.UnitTests", "Architecture", "Planted")]);

        Assert.Empty(graph.Cycles());
        Assert.Contains(planted.Cycles(), cycle => cycle.Any(edge => edge.StartsWith("Helium.Imager.Core.Transforms -> Helium.Imager.Core.Sources", StringComparison.Ordinal)));
    }
}
