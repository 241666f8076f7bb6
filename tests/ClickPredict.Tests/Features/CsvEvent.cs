using System.Globalization;
using ClickPredict.Tests.Sessions;

namespace ClickPredict.Tests.Features;

/// <summary>One row of canonical CSV, as the generator writes it, so a test can change or delete events before ingesting.</summary>
internal sealed record CsvEvent(DateTime Time, string User, string Session, string Type, string Item, string Category, string Brand, double Price)
{
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss.fff";

    public string SessionKey => $"{User}/{Session}";

    public static List<CsvEvent> ReadAll(string path) =>
        [.. File.ReadLines(path).Skip(1).Select(line => line.Split(',')).Select(f => new CsvEvent(
            DateTime.ParseExact(f[0], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            f[1], f[2], f[3], f[4], f[5], f[6], double.Parse(f[7], CultureInfo.InvariantCulture)))];

    public string ToCsv() => SessionLake.Event(Time.ToString(TimeFormat, CultureInfo.InvariantCulture), User, Session, Type, Item, Price, Category, Brand);
}
