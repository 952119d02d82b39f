namespace Strata.Kernels;

/// <summary>A pooling op's window (kept apart from a convolution's geometry, which the compiler's passes fuse): what ONNX export needs of it.</summary>
internal readonly record struct PoolGeometry(ConvGeometry Geometry);
