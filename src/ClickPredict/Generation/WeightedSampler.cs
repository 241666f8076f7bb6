namespace ClickPredict.Generation;

/// <summary>
/// Draws one of a fixed set of values with probability proportional to its weight, in constant time
/// (Walker/Vose alias method): a binary search over 100k items was the generator's hottest line.
/// </summary>
internal sealed class WeightedSampler
{
    private readonly int[] _values;
    private readonly double[] _keep;
    private readonly int[] _alias;

    public WeightedSampler(ReadOnlySpan<int> values, ReadOnlySpan<double> weights)
    {
        if (values.Length == 0 || values.Length != weights.Length)
        {
            throw new ArgumentException("Need one positive weight per value.", nameof(weights));
        }

        var n = values.Length;
        _values = values.ToArray();
        _keep = new double[n];
        _alias = new int[n];
        foreach (var w in weights)
        {
            TotalWeight += w;
        }

        var scaled = new double[n];
        var small = new int[n];
        var large = new int[n];
        int smallCount = 0, largeCount = 0;
        for (var i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / TotalWeight;
            if (scaled[i] < 1.0)
            {
                small[smallCount++] = i;
            }
            else
            {
                large[largeCount++] = i;
            }
        }

        while (smallCount > 0 && largeCount > 0)
        {
            var s = small[--smallCount];
            var l = large[largeCount - 1];
            _keep[s] = scaled[s];
            _alias[s] = l;
            scaled[l] -= 1.0 - scaled[s];
            if (scaled[l] < 1.0)
            {
                largeCount--;
                small[smallCount++] = l;
            }
        }

        // Whatever is left is 1 up to rounding error.
        while (largeCount > 0)
        {
            _keep[large[--largeCount]] = 1.0;
        }

        while (smallCount > 0)
        {
            _keep[small[--smallCount]] = 1.0;
        }
    }

    public int Count => _values.Length;

    public double TotalWeight { get; }

    public int Sample(Xoshiro256 rng)
    {
        var u = rng.NextDouble() * _values.Length;
        var slot = Math.Min((int)u, _values.Length - 1);
        return u - slot < _keep[slot] ? _values[slot] : _values[_alias[slot]];
    }

    /// <summary>Zipf–Mandelbrot weights 1/(rank+shift)^exponent for ranks 1..count.</summary>
    public static double[] ZipfWeights(int count, double exponent, double shift)
    {
        var weights = new double[count];
        for (var r = 0; r < count; r++)
        {
            weights[r] = Math.Pow(r + 1 + shift, -exponent);
        }

        return weights;
    }
}
