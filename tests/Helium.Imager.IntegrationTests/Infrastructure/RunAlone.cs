namespace Helium.Imager.IntegrationTests.Infrastructure;

/// <summary>Tests that measure (memory, time, throughput) or load the machine run after the others,
/// one at a time, so that neither disturbs the other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunAlone
{
    public const string Name = "Run alone";
}
