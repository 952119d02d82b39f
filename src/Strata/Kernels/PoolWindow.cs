namespace Strata.Kernels;

/// <summary>The offsets (channel 0) of a pooling window's positions inside the image, row by row (padding skipped).</summary>
internal ref struct PoolWindow(in ConvGeometry g, int n, int oh, int ow)
{
    private readonly int _n = n, _top = (oh * g.StrideH) - g.PadTop, _left = (ow * g.StrideW) - g.PadLeft;
    private readonly int _height = g.Height, _width = g.Width, _channels = g.Channels, _kh = g.KernelHeight, _kw = g.KernelWidth;
    private int _i, _j = -1;

    public int Current { get; private set; }

    public readonly PoolWindow GetEnumerator() => this;

    public bool MoveNext()
    {
        while (true)
        {
            if (++_j >= _kw)
            {
                _j = 0;
                _i++;
            }
            if (_i >= _kh) return false;
            int ih = _top + _i, iw = _left + _j;
            if (ih < 0 || ih >= _height || iw < 0 || iw >= _width) continue;
            Current = (((_n * _height) + ih) * _width + iw) * _channels;
            return true;
        }
    }
}

/// <summary>Every output position of a pooling, in output order: its index and the (image, row, column) of its window.</summary>
internal struct PoolPositions(in ConvGeometry g)
{
    private readonly int _batch = g.Batch, _height = g.OutHeight, _width = g.OutWidth;
    private int _o = -1;

    public (int Output, int N, int Oh, int Ow) Current { get; private set; }

    public readonly PoolPositions GetEnumerator() => this;

    public bool MoveNext()
    {
        if (++_o >= _batch * _height * _width) return false;
        int ow = _o % _width, rest = _o / _width;
        Current = (_o, rest / _height, rest % _height, ow);
        return true;
    }
}
