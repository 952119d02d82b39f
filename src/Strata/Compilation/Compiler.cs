namespace Strata.Compilation;

/// <summary>
/// The passes a traced graph goes through before it is planned and replayed, in order: constant
/// folding and dead-op removal, per-channel scales folded into the weights before them (batch
/// normalization at inference), the GEMM epilogue (bias and ReLU into the product), fusion of ops on
/// matrix rows (the crossentropy and the softmax's gradient), then fusion of elementwise chains; last, host steps that
/// start background work (gradients summed over ranks) move up to where their inputs are ready. Each pass keeps what the graph computes: a compiled step matches the eager one.
/// </summary>
internal static class Compiler
{
    public static Graph Optimize(Graph graph)
    {
        graph = ConstantFolding.Run(graph);
        graph = ScaleFolding.Run(graph);
        graph = GemmEpilogueFusion.Run(graph);
        graph = RowFusion.Run(graph);
        graph = ElementwiseFusion.Run(graph);
        graph = EarlyStarts.Run(graph);
        return graph;
    }
}
