using Microsoft.Extensions.Options;

namespace Helium.Imager.Core.Configuration;

/// <summary>A start-up check of a settings class that reports every failure at once: the function
/// returns each failure as a sentence naming its key.</summary>
public sealed class SettingsCheck<T>(Func<T, IEnumerable<string>> failures) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options) =>
        failures(options).ToList() is { Count: > 0 } found ? ValidateOptionsResult.Fail(found) : ValidateOptionsResult.Success;
}
