namespace Strata.Tests.Convolution;

/// <summary>A model saved to a temporary file and loaded back (the file is removed).</summary>
internal static class RoundTrip
{
    public static Model SaveAndLoad(Model model)
    {
        string path = Path.Combine(Path.GetTempPath(), $"strata-roundtrip-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(path);
            return Model.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
