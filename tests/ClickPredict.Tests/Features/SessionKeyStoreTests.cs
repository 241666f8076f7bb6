using ClickPredict.Features;

namespace ClickPredict.Tests.Features;

public sealed class SessionKeyStoreTests
{
    [Fact]
    public void Keys_across_blocks_and_one_longer_than_a_block_read_back_as_they_were_added()
    {
        var store = new SessionKeyStore();
        var expected = new List<string>();
        void Add(string key)
        {
            store.Add(key);
            expected.Add(key);
        }

        // About 2.5 million characters: keys fill a block, and the next one starts a new block.
        for (var i = 0; i < 120_000; i++)
        {
            Add($"user-{i:D6}/source-{i % 977}");
        }

        Add(new string('k', 1_500_000));   // longer than a block: a block of its own
        Add("after/the-long-one");
        for (var i = 0; i < 1_000; i++)
        {
            var micros = 1_700_000_000_000_000 + (i * 7_919L);
            var source = i % 2 == 0 ? null : $"s{i}";
            store.Add($"u{i}", source, micros);
            expected.Add($"u{i}/{source ?? $"g{micros}"}");
        }

        Assert.Equal(expected.Count, store.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], store[i].ToString());
        }
    }

    [Fact]
    public void Each_key_is_handed_out_as_the_same_memory_every_time_and_two_keys_never_share_it()
    {
        var store = new SessionKeyStore();
        store.Add("u1/s1");
        store.Add("u1/s1");

        Assert.True(store[0].Equals(store[0]));
        Assert.False(store[0].Equals(store[1]));   // the writer counts a session where the memory changes
    }
}
