namespace ClickPredict.Generation;

/// <summary>
/// Items with Zipf popularity, grouped into categories with their own price level and brands.
/// Index 0 of every array is the first entity; ids in the output are index + 1.
/// </summary>
internal sealed class Catalog
{
    private const double ItemZipfExponent = 1.1;
    private const double ItemZipfShift = 20;
    private const double MissingBrandShare = 0.05;

    private Catalog(
        int[] itemCategory, int[] itemBrand, double[] itemPrice, double[] categoryMedianPrice,
        WeightedSampler items, WeightedSampler categories, WeightedSampler[] categoryItems, int brandCount)
    {
        ItemCategory = itemCategory;
        ItemBrand = itemBrand;
        ItemPrice = itemPrice;
        CategoryMedianPrice = categoryMedianPrice;
        Items = items;
        Categories = categories;
        CategoryItems = categoryItems;
        BrandCount = brandCount;
    }

    public int ItemCount => ItemCategory.Length;

    public int CategoryCount => CategoryItems.Length;

    public int BrandCount { get; }

    public int[] ItemCategory { get; }

    /// <summary>Brand index per item, -1 when the item has no brand.</summary>
    public int[] ItemBrand { get; }

    public double[] ItemPrice { get; }

    public double[] CategoryMedianPrice { get; }

    /// <summary>Any item, by global popularity.</summary>
    public WeightedSampler Items { get; }

    /// <summary>A category, by the total popularity of its items.</summary>
    public WeightedSampler Categories { get; }

    public WeightedSampler[] CategoryItems { get; }

    /// <summary>
    /// Scales item and category prices alike, so relative prices — all the simulated behaviour looks
    /// at — and hence the random stream stay the same; only the written prices change.
    /// </summary>
    public void ScalePrices(double factor)
    {
        if (factor == 1.0)
        {
            return;
        }

        for (var i = 0; i < ItemPrice.Length; i++)
        {
            ItemPrice[i] *= factor;
        }

        for (var c = 0; c < CategoryMedianPrice.Length; c++)
        {
            CategoryMedianPrice[c] *= factor;
        }
    }

    public static Catalog Build(int itemCount, int categoryCount, Xoshiro256 rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(categoryCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, categoryCount);

        // The steps draw from rng in this order; the same seed gives the same catalog.
        var itemWeight = ItemWeights(itemCount, rng);
        var categoryIds = Enumerable.Range(0, categoryCount).ToArray();
        var itemCategory = AssignCategories(itemCount, categoryIds, rng);
        var (categoryItems, categoryWeight) = CategorySamplers(itemCategory, itemWeight, categoryCount);
        var brandCount = Math.Clamp(categoryCount * 2, 50, 999);
        var (categoryBrands, categoryMedianPrice) = CategoryBrandsAndPrices(categoryCount, brandCount, rng);
        var (itemBrand, itemPrice) = ItemBrandsAndPrices(itemCategory, categoryBrands, categoryMedianPrice, rng);
        return new Catalog(
            itemCategory, itemBrand, itemPrice, categoryMedianPrice,
            new WeightedSampler(Enumerable.Range(0, itemCount).ToArray(), itemWeight),
            new WeightedSampler(categoryIds, categoryWeight),
            categoryItems,
            brandCount);
    }

    /// <summary>Zipf popularity by a shuffled rank, so item ids carry no information about popularity.</summary>
    private static double[] ItemWeights(int itemCount, Xoshiro256 rng)
    {
        var rankOfItem = Enumerable.Range(0, itemCount).ToArray();
        for (var i = itemCount - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (rankOfItem[i], rankOfItem[j]) = (rankOfItem[j], rankOfItem[i]);
        }

        var zipf = WeightedSampler.ZipfWeights(itemCount, ItemZipfExponent, ItemZipfShift);
        var itemWeight = new double[itemCount];
        for (var i = 0; i < itemCount; i++)
        {
            itemWeight[i] = zipf[rankOfItem[i]];
        }

        return itemWeight;
    }

    private static int[] AssignCategories(int itemCount, int[] categoryIds, Xoshiro256 rng)
    {
        var categoryCount = categoryIds.Length;
        var categoryShare = new WeightedSampler(categoryIds, WeightedSampler.ZipfWeights(categoryCount, 0.8, 5));
        var itemCategory = new int[itemCount];
        for (var i = 0; i < itemCount; i++)
        {
            // The first items seed every category so none is empty.
            itemCategory[i] = i < categoryCount ? i : categoryShare.Sample(rng);
        }

        return itemCategory;
    }

    /// <summary>Each category's items weighted by popularity, and the category's total weight.</summary>
    private static (WeightedSampler[] Items, double[] Weight) CategorySamplers(int[] itemCategory, double[] itemWeight, int categoryCount)
    {
        var members = new List<int>[categoryCount];
        for (var c = 0; c < categoryCount; c++)
        {
            members[c] = [];
        }

        for (var i = 0; i < itemCategory.Length; i++)
        {
            members[itemCategory[i]].Add(i);
        }

        var categoryItems = new WeightedSampler[categoryCount];
        var categoryWeight = new double[categoryCount];
        for (var c = 0; c < categoryCount; c++)
        {
            var ids = members[c].ToArray();
            var weights = ids.Select(i => itemWeight[i]).ToArray();
            categoryItems[c] = new WeightedSampler(ids, weights);
            categoryWeight[c] = categoryItems[c].TotalWeight;
        }

        return (categoryItems, categoryWeight);
    }

    private static (WeightedSampler[] Brands, double[] MedianPrice) CategoryBrandsAndPrices(int categoryCount, int brandCount, Xoshiro256 rng)
    {
        var brandPool = new WeightedSampler(
            Enumerable.Range(0, brandCount).ToArray(), WeightedSampler.ZipfWeights(brandCount, 0.9, 3));
        var categoryBrands = new WeightedSampler[categoryCount];
        var categoryMedianPrice = new double[categoryCount];
        for (var c = 0; c < categoryCount; c++)
        {
            var brands = new int[3 + rng.NextInt(20)];
            for (var b = 0; b < brands.Length; b++)
            {
                brands[b] = brandPool.Sample(rng);
            }

            categoryBrands[c] = new WeightedSampler(brands, WeightedSampler.ZipfWeights(brands.Length, 1.0, 1));
            categoryMedianPrice[c] = Math.Clamp(rng.NextLogNormal(30, 0.9), 1.0, 3000.0);
        }

        return (categoryBrands, categoryMedianPrice);
    }

    private static (int[] Brand, double[] Price) ItemBrandsAndPrices(int[] itemCategory, WeightedSampler[] categoryBrands, double[] categoryMedianPrice, Xoshiro256 rng)
    {
        var itemCount = itemCategory.Length;
        var itemBrand = new int[itemCount];
        var itemPrice = new double[itemCount];
        for (var i = 0; i < itemCount; i++)
        {
            var c = itemCategory[i];
            itemBrand[i] = rng.Chance(MissingBrandShare) ? -1 : categoryBrands[c].Sample(rng);
            var price = categoryMedianPrice[c] * rng.NextLogNormal(1.0, 0.45);
            itemPrice[i] = Math.Max(0.49, Math.Round(price * 100.0) / 100.0);
        }

        return (itemBrand, itemPrice);
    }
}
