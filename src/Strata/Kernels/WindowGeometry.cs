namespace Strata.Kernels;

/// <summary>
/// A pooling or depthwise op's window, kept apart from a convolution's geometry (which the compiler's passes fuse
/// with a bias): what ONNX export needs of it.
/// </summary>
internal readonly record struct WindowGeometry(ConvGeometry Geometry);
