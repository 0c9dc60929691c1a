using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Helium.Imager.Core.Configuration;

public static class CheckedSettings
{
    /// <summary>Binds a settings class to <paramref name="section"/> and checks it when the host
    /// starts, reporting every failure <paramref name="failures"/> finds at once.</summary>
    public static OptionsBuilder<T> AddCheckedSettings<T>(this IServiceCollection services, IConfiguration section, Func<T, IEnumerable<string>> failures)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SettingsCheck<T>(failures));
        return services.AddOptions<T>().Bind(section).ValidateOnStart();
    }
}
