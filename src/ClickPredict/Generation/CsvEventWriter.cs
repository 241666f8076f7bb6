using System.Globalization;
using System.Text;
using ClickPredict.Events;

namespace ClickPredict.Generation;

/// <summary>
/// Writes events as UTF-8 CSV straight into a byte buffer: the item-dependent tail of each row is
/// formatted once per item, so a row costs a few copies and two integer formats, and no allocation.
/// </summary>
internal sealed class CsvEventWriter(Stream output, Catalog catalog)
{
    public const string Header = "event_time,user_id,session_id,event_type,item_id,category,brand,price";
    private const int MaxRowBytes = 256;

    private static readonly byte[][] TypeText = [.. CanonicalEventTypes.All.Select(n => Encoding.UTF8.GetBytes("," + n + ","))];

    private readonly byte[] _buffer = new byte[1 << 20];
    private readonly ItemText _items = new(catalog);
    private readonly byte[] _date = new byte[11];
    private long _day = long.MinValue;
    private int _length;
    private bool _headerWritten;

    public void Write(ReadOnlySpan<GeneratedEvent> events)
    {
        if (!_headerWritten)
        {
            _length = Encoding.UTF8.GetBytes(Header + "\n", _buffer);
            _headerWritten = true;
        }

        foreach (ref readonly var e in events)
        {
            if (_length > _buffer.Length - MaxRowBytes)
            {
                Flush();
            }

            var row = _buffer.AsSpan(_length);
            var at = WriteTime(e.UnixMs, row);
            row[at++] = (byte)',';
            at += EntityIds.User.Format(e.User, row[at..]);
            row[at++] = (byte)',';
            at += EntityIds.Session.Format(e.Session, row[at..]);
            TypeText[e.Type].CopyTo(row[at..]);
            at += TypeText[e.Type].Length;
            var tail = _items.Row(e.Item);
            tail.CopyTo(row[at..]);
            at += tail.Length;
            row[at++] = (byte)'\n';
            _length += at;
        }
    }

    public void Flush()
    {
        output.Write(_buffer, 0, _length);
        _length = 0;
    }

    /// <summary>yyyy-MM-dd HH:mm:ss.fff; the date part is formatted once per day.</summary>
    private int WriteTime(long unixMs, Span<byte> destination)
    {
        var day = Math.DivRem(unixMs, 86_400_000L, out var msOfDay);
        if (day != _day)
        {
            _day = day;
            DateTime.UnixEpoch.AddDays(day).TryFormat(_date, out _, "yyyy-MM-dd ", CultureInfo.InvariantCulture);
        }

        _date.CopyTo(destination);
        var ms = (int)msOfDay;
        var seconds = Math.DivRem(ms, 1000, out var millis);
        var minutes = Math.DivRem(seconds, 60, out var second);
        var hour = Math.DivRem(minutes, 60, out var minute);
        TwoDigits(hour, destination[11..]);
        destination[13] = (byte)':';
        TwoDigits(minute, destination[14..]);
        destination[16] = (byte)':';
        TwoDigits(second, destination[17..]);
        destination[19] = (byte)'.';
        destination[20] = (byte)('0' + millis / 100);
        destination[21] = (byte)('0' + millis / 10 % 10);
        destination[22] = (byte)('0' + millis % 10);
        return 23;
    }

    private static void TwoDigits(int value, Span<byte> destination)
    {
        destination[0] = (byte)('0' + value / 10);
        destination[1] = (byte)('0' + value % 10);
    }
}
