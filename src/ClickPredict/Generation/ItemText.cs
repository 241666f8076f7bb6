using System.Globalization;
using System.Text;

namespace ClickPredict.Generation;

/// <summary>The CSV tail of every item's rows ("i0001234,c042,b017,12.50"), built once.</summary>
internal sealed class ItemText
{
    private readonly byte[] _bytes;
    private readonly int[] _offsets;

    public ItemText(Catalog catalog)
    {
        var text = new StringBuilder(catalog.ItemCount * 28);
        _offsets = new int[catalog.ItemCount + 1];
        for (var i = 0; i < catalog.ItemCount; i++)
        {
            var brand = catalog.ItemBrand[i];
            text.Append(EntityIds.Item.Text(i))
                .Append(',').Append(EntityIds.Category.Text(catalog.ItemCategory[i]))
                .Append(',').Append(brand < 0 ? string.Empty : EntityIds.Brand.Text(brand))
                .Append(',').Append(catalog.ItemPrice[i].ToString("F2", CultureInfo.InvariantCulture));
            _offsets[i + 1] = text.Length;
        }

        // Ids and prices are ASCII, so char offsets are byte offsets.
        _bytes = Encoding.ASCII.GetBytes(text.ToString());
    }

    public ReadOnlySpan<byte> Row(int item) => _bytes.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]);
}
