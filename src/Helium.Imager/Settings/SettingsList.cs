namespace Helium.Imager.Settings;

internal static class SettingsList
{
    /// <summary>A list setting, given either as entries (<c>X:0</c>, <c>X:1</c>… — JSON arrays,
    /// <c>X__0</c> variables) or as one comma-separated value (the form operators type in environment
    /// variables). Entries win: an empty JSON array also leaves an empty value on the section.</summary>
    public static IEnumerable<string> Read(IConfigurationSection list)
    {
        var values = list.GetChildren().Select(child => child.Value).ToList();
        if (values.Count == 0)
        {
            values.Add(list.Value);
        }

        return values.SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }
}
