using System.IO.Hashing;
using System.Text;

namespace ClickPredict.Features;

/// <summary>
/// Which of N partitions a user's sessions and history belong to: XXH3 of the UTF-8 user id, modulo
/// N. Stable across processes, machines and runs, so N builds agree without talking to each other.
/// A user's history depends only on that user's sessions, so a partition's examples need no other.
/// </summary>
internal static class UserPartition
{
    public static int Of(string userId, int partitions) =>
        (int)(XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(userId)) % (ulong)partitions);
}
