namespace ClickPredict.Generation;

/// <summary>Text ids of generated entities (u000123, s0000042, i0001234, c042, b017): a letter and the 1-based index, zero-padded.</summary>
internal static class EntityIds
{
    public static readonly IdFormat User = new('u', "D6");
    public static readonly IdFormat Session = new('s', "D7");
    public static readonly IdFormat Item = new('i', "D7");
    public static readonly IdFormat Category = new('c', "D3");
    public static readonly IdFormat Brand = new('b', "D3");
}
