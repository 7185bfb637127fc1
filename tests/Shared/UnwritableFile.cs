using System.Diagnostics;

namespace Appraisal.Testing;

/// <summary>
/// Makes a file that no process can write, not even one running as root (where <c>chmod</c> stops nothing): the
/// file is made immutable (<c>chattr +i</c>, which root obeys too) when the process may do that, else read-only by
/// its mode (enough for any other user). The constructor checks that a write really fails; disposing undoes it.
/// </summary>
public sealed class UnwritableFile : IDisposable
{
    private readonly bool _immutable;
    private readonly UnixFileMode? _mode;

    public UnwritableFile(string path)
    {
        Path = path;
        _immutable = Environment.UserName == "root" && Run("chattr", "+i", path);
        if (!_immutable && OperatingSystem.IsWindows()) File.SetAttributes(path, File.GetAttributes(path) | FileAttributes.ReadOnly);
        else if (!_immutable)
        {
            _mode = File.GetUnixFileMode(path);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        try
        {
            using (File.Open(path, FileMode.Open, FileAccess.Write)) { }
        }
        catch (UnauthorizedAccessException)
        {
            return; // as wanted: the file cannot be written
        }
        catch (IOException)
        {
            return;
        }
        Dispose();
        throw new InvalidOperationException(
            $"could not make {path} unwritable ({(Environment.UserName == "root" ? "chattr +i failed: is the file system one that supports it?" : "chmod did not stop writes")})");
    }

    public string Path { get; }

    public void Dispose()
    {
        if (_immutable) Run("chattr", "-i", Path);
        else if (OperatingSystem.IsWindows()) File.SetAttributes(Path, File.GetAttributes(Path) & ~FileAttributes.ReadOnly);
        else if (_mode is { } mode) File.SetUnixFileMode(Path, mode);
    }

    private static bool Run(string program, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no such program
        }
    }
}
