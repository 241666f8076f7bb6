using System.IO.Hashing;
using System.Text;

namespace ClickPredict.Features;

/// <summary>
/// Names the exact feature definitions gold was built with: a hash of every feature's name, group
/// and SQL, the shared SQL, the conversion prior and <see cref="OnlineCodeVersion"/>. A model trained on
/// one version must be served features of the same version.
/// </summary>
internal static class FeatureSetVersion
{
    /// <summary>Bump when an online computation changes without its SQL changing.</summary>
    public const int OnlineCodeVersion = 1;

    public static string Current { get; } = Of(FeatureCatalog.All, FeatureSql.SharedFiles.Select(FeatureSql.File), OnlineCodeVersion);

    public static string Of(IEnumerable<FeatureDefinition> features, IEnumerable<string> sharedSql, int onlineCodeVersion)
    {
        var text = new StringBuilder()
            .Append("online=").Append(onlineCodeVersion).Append('\n')
            .Append("prior=").Append(ConversionPrior.Successes).Append('/').Append(ConversionPrior.Trials).Append('\n');
        foreach (var f in features)
        {
            text.Append(f.Name).Append('\t').Append(f.Group).Append('\t').Append(f.Sql).Append('\n');
        }

        foreach (var sql in sharedSql)
        {
            text.Append(sql).Append('\n');
        }

        return "fs-" + Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
