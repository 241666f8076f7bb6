using System.Runtime.InteropServices;
using System.Text;
using ClickPredict.Storage;

namespace ClickPredict.Features;

/// <summary>
/// The history replay's state strictly before <see cref="AsOfMicros"/>: every user's, item's and
/// category's counters with their ids, as <see cref="HistoryReplay"/> holds them. A features build
/// saves one at the start of the last event date; the next incremental build loads it and replays
/// only silver's events from then on, instead of all of silver. Written by hand as a flat binary
/// file (temp name, then rename): the replay's arrays go out and come back as they are, which a
/// columnar format would only slow down.
/// </summary>
internal sealed class ReplayCheckpoint
{
    private const string Magic = "clickpredict-replay";
    private const int FormatVersion = 1;

    /// <summary>The file is read and written whole: a large buffer, and counters as one block each.</summary>
    private const int BufferBytes = 1 << 20;

    public required long AsOfMicros { get; init; }

    public required string FeatureSetVersion { get; init; }

    public required string[] UserIds { get; init; }

    public required string[] ItemIds { get; init; }

    public required string[] CategoryIds { get; init; }

    public required long[] Sessions { get; init; }

    public required long[] Converted { get; init; }

    public required long[] Purchases { get; init; }

    public required Int128[] SpendNanos { get; init; }

    public required long[] FirstSeen { get; init; }

    public required long[] LastEvent { get; init; }

    public required long[] ItemViews { get; init; }

    public required long[] ItemPurchases { get; init; }

    public required long[] CategoryViews { get; init; }

    public required long[] CategoryPurchases { get; init; }

    public required Int128[] CategoryViewPriceNanos { get; init; }

    public required long[] CategoryPricedViews { get; init; }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        using (var writer = new BinaryWriter(new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes), Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(FeatureSetVersion);
            writer.Write(AsOfMicros);
            Strings(writer, UserIds);
            Strings(writer, ItemIds);
            Strings(writer, CategoryIds);
            foreach (var column in new[] { Sessions, Converted, Purchases, FirstSeen, LastEvent, ItemViews, ItemPurchases, CategoryViews, CategoryPurchases, CategoryPricedViews })
            {
                Longs(writer, column);
            }

            Nanos(writer, SpendNanos);
            Nanos(writer, CategoryViewPriceNanos);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The checkpoint at <paramref name="path"/>, or null when it is missing, of another format or of another feature set.</summary>
    public static ReplayCheckpoint? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes), Encoding.UTF8);
        if (reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion || reader.ReadString() is var version && version != Features.FeatureSetVersion.Current)
        {
            return null;
        }

        var asOf = reader.ReadInt64();
        var (users, items, categories) = (Strings(reader), Strings(reader), Strings(reader));
        var longs = Enumerable.Range(0, 10).Select(_ => Longs(reader)).ToArray();
        return new ReplayCheckpoint
        {
            AsOfMicros = asOf,
            FeatureSetVersion = version,
            UserIds = users,
            ItemIds = items,
            CategoryIds = categories,
            Sessions = longs[0],
            Converted = longs[1],
            Purchases = longs[2],
            FirstSeen = longs[3],
            LastEvent = longs[4],
            ItemViews = longs[5],
            ItemPurchases = longs[6],
            CategoryViews = longs[7],
            CategoryPurchases = longs[8],
            CategoryPricedViews = longs[9],
            SpendNanos = Nanos(reader),
            CategoryViewPriceNanos = Nanos(reader),
        };
    }

    public override string ToString() => $"history as of {EpochMicros.ToTime(AsOfMicros):yyyy-MM-dd HH:mm} ({UserIds.Length:N0} users)";

    private static void Strings(BinaryWriter writer, string[] values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static string[] Strings(BinaryReader reader)
    {
        var values = new string[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString();
        }

        return values;
    }

    /// <summary>Little-endian, as <see cref="BinaryWriter"/> writes a long: the array's own bytes on this machine.</summary>
    private static void Longs(BinaryWriter writer, long[] values)
    {
        writer.Write(values.Length);
        if (BitConverter.IsLittleEndian)
        {
            writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }

        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static long[] Longs(BinaryReader reader)
    {
        var values = new long[reader.ReadInt32()];
        if (BitConverter.IsLittleEndian)
        {
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt64();
        }

        return values;
    }

    private static void Nanos(BinaryWriter writer, Int128[] values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write((ulong)(value >> 64));
            writer.Write((ulong)value);
        }
    }

    private static Int128[] Nanos(BinaryReader reader)
    {
        var values = new Int128[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++)
        {
            var upper = reader.ReadUInt64();
            values[i] = new Int128(upper, reader.ReadUInt64());
        }

        return values;
    }
}
