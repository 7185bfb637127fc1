using System.Runtime.CompilerServices;
using Shouldly;

namespace Appraisal.Testing;

/// <summary>
/// Golden files, the one way every test project compares output with a reviewed file, on Shouldly's approved files (the
/// stand-in for Verify, which is not served here): the expected text is the file; on a difference, or when the file is
/// missing, the actual text is written beside it as <c>NAME.received.EXT</c> (gitignored; a golden file named for its
/// role, <c>NAME.approved.txt</c> or <c>NAME.out.txt</c>, gets <c>NAME.received.txt</c>) and the test fails saying so:
/// review the received file and rename it over the golden one to accept. No diff tool is started. Used by the
/// diagnostics goldens, the policy snapshots, the construct explanations and the statements.
/// </summary>
public static class GoldenFile
{
    /// <summary>Compares <paramref name="actual"/> with the golden file at <paramref name="path"/>.</summary>
    public static void Verify(string path, string actual)
    {
        var approved = Path.GetFileName(path);
        var received = Path.GetFileName(Received(path));
        // Shouldly places approved files relative to the source file that calls it: this one.
        var folder = Path.GetRelativePath(Here(), Path.GetDirectoryName(Path.GetFullPath(path))!);
        actual.ReplaceLineEndings("\n").ShouldMatchApproved(c => c
            .SubFolder(folder)
            .WithFilenameGenerator((_, _, type, _) => type == "approved" ? approved : received)
            .NoDiff());
    }

    /// <summary><c>a/b/NAME.EXT</c> → <c>a/b/NAME.received.EXT</c>; <c>NAME.approved.EXT</c> and <c>NAME.out.EXT</c> → <c>NAME.received.EXT</c>.</summary>
    public static string Received(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        foreach (var role in (string[])[".approved", ".out"])
            if (stem.EndsWith(role, StringComparison.Ordinal)) stem = stem[..^role.Length];
        return Path.Combine(Path.GetDirectoryName(path)!, stem + ".received" + Path.GetExtension(path));
    }

    private static string Here([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
