using System.Globalization;

namespace ClickPredict.Tests.Events;

/// <summary>Builds canonical-layout CSV rows for tests: valid ones, and ones that break exactly one rule.</summary>
internal static class CanonicalCsv
{
    public const string Header = "event_time,user_id,session_id,event_type,item_id,category,brand,price";

    public static string Valid(int i, string type = "view") =>
        string.Create(CultureInfo.InvariantCulture, $"2024-03-0{1 + (i % 5)} 10:{i % 60:00}:00,u{i},s{i},{type},i{i},c1,b1,{10 + i}.5");
}
