using Helium.Imager.Addressing;
using Helium.Imager.Core.Transforms;
using Helium.Imager.Settings;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Renditions;

/// <summary>Named transforms from configuration: <c>Presets:{name}</c> = a query string such as
/// <c>w=300&amp;h=200&amp;fit=cover</c>. Each is parsed at start-up, so a broken preset stops the
/// server instead of failing requests.</summary>
internal static class Presets
{
    public const string Section = "Presets";

    public static IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, string>>> Read(IConfiguration configuration) =>
        configuration.GetSection(Section).GetChildren().ToDictionary(
            child => child.Key,
            child => (IReadOnlyList<KeyValuePair<string, string>>)QueryPairs.From(QueryHelpers.ParseQuery(child.Value ?? string.Empty)),
            StringComparer.Ordinal);

    /// <summary>The parser every request uses, with the configured presets and output limit.</summary>
    public static TransformParser CreateParser(IConfiguration configuration, IOptions<LimitsOptions> limits)
    {
        var presets = Read(configuration);
        var parser = new TransformParser(limits.Value.MaxOutputDimension, presets);
        foreach (var name in presets.Keys)
        {
            try
            {
                parser.Parse([KeyValuePair.Create("preset", name)]);
            }
            catch (InvalidTransformException e)
            {
                throw new OptionsValidationException(Section, typeof(TransformParser), [$"Presets:{name} is not a valid transform: {e.Message}"]);
            }
        }

        return parser;
    }
}
