using System.Runtime.InteropServices;

namespace ClickPredict.Training;

/// <summary>
/// LightGBM's OpenMP threads spin while they wait for work. On a machine whose cores are shared
/// with other processes, spinning threads fight for them: fitting LightGBM on 1 M examples took
/// 89–269 s with the default policy and 24 s with passive waiting on this 2-core machine under
/// load (DECISIONS D13). libgomp reads <c>OMP_WAIT_POLICY</c> once, when LightGBM's library is
/// loaded, from the process environment — which .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// does not change on Unix, hence <c>setenv</c>. A value the user set is kept.
/// </summary>
internal static partial class OpenMpWaiting
{
    private static int applied;

    public static void PreferPassive()
    {
        if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && Interlocked.Exchange(ref applied, 1) == 0)
        {
            _ = SetEnvironment("OMP_WAIT_POLICY", "PASSIVE", overwrite: 0);
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
