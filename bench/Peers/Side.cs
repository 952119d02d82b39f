namespace TorchSharpPeer;

internal static class Side
{
    /// <summary>How this peer's measurements are labelled.</summary>
    public const string Name = "torchsharp";
}
