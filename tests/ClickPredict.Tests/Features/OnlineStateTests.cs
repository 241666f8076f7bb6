using ClickPredict.Features;

namespace ClickPredict.Tests.Features;

public sealed class OnlineStateTests
{
    /// <summary>
    /// The snapshot's order is ordinal (DuckDB's for ASCII ids, and what serving's lookups assume),
    /// also where the eight-unit prefix the sort keys on cannot decide: names that share it, a name
    /// that is another's prefix, a zero code unit, and code units above the basic plane.
    /// </summary>
    [Fact]
    public void Names_come_in_ordinal_order_where_their_first_eight_code_units_tie_or_end()
    {
        string[] names =
        [
            "u0000001b", "u0000001a", "u0000001", "u000000", "u0000001\0", "u0000001\0a", "a", "", "b\0", "b",
            "\uE000", "\U0001F600", "u00000010", "zzzzzzzzzzzz", "zzzzzzzzzzz", "Z", "~", "u0000001\u00e9",
        ];
        var random = new Random(7);
        for (var round = 0; round < 20; round++)
        {
            var shuffled = names.ToArray();
            random.Shuffle(shuffled);

            var order = OnlineState.ByName(shuffled, n => shuffled[n] != "Z");

            var expected = shuffled.Where(n => n != "Z").Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, order.Select(n => shuffled[n]).ToArray());
        }
    }

    [Fact]
    public void Many_names_sort_as_an_ordinal_sort_does()
    {
        var random = new Random(11);
        var names = Enumerable.Range(0, 50_000).Select(_ => $"u{random.Next(0, 2_000_000):D7}{(random.Next(4) == 0 ? "x" : "")}").Distinct().ToArray();

        var order = OnlineState.ByName(names, _ => true);

        Assert.Equal(names.Order(StringComparer.Ordinal), order.Select(n => names[n]));
    }
}
