using ClickPredict.Training;

namespace ClickPredict.Tests.Training;

/// <summary>
/// Examples with a known truth: two informative features and one noise feature, the label drawn
/// from p = sigmoid(intercept + 1.5 x0 + 1.0 x1), one example per session, sessions a minute apart.
/// </summary>
internal static class SyntheticExamples
{
    public static readonly string[] Names = ["x0", "x1", "noise"];

    public static ExampleTable Make(int rows, int seed, double intercept = -3.5)
    {
        var random = new Random(seed);
        var features = new float[rows * Names.Length];
        var labels = new bool[rows];
        var starts = new long[rows];
        var sessions = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            var x0 = Gaussian(random);
            var x1 = Gaussian(random);
            features[(i * 3) + 0] = (float)x0;
            features[(i * 3) + 1] = (float)x1;
            features[(i * 3) + 2] = (float)Gaussian(random);
            var p = 1 / (1 + Math.Exp(-(intercept + (1.5 * x0) + x1)));
            labels[i] = random.NextDouble() < p;
            starts[i] = 1_700_000_000_000_000L + (i * 60_000_000L);
            sessions[i] = i;
        }

        return new ExampleTable(Names, features, labels, starts, sessions);
    }

    /// <summary>Rows of sessions with several examples each: session s has s % 4 + 1 rows, all starting at the same time.</summary>
    public static ExampleTable Sessions(int sessionCount, Func<int, int, bool> label)
    {
        var features = new List<float>();
        var labels = new List<bool>();
        var starts = new List<long>();
        var ordinals = new List<int>();
        for (var s = 0; s < sessionCount; s++)
        {
            for (var k = 0; k < (s % 4) + 1; k++)
            {
                features.AddRange([s, k, 0]);
                labels.Add(label(s, k));
                starts.Add(1_700_000_000_000_000L + (s * 1_000_000L));
                ordinals.Add(s);
            }
        }

        return new ExampleTable(Names, [.. features], [.. labels], [.. starts], [.. ordinals]);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
