namespace Appraisal.Testing;

/// <summary>
/// Golden files, the one way every test project compares output with a reviewed file: the expected text is the file;
/// on a difference (or when the file is missing) the actual text is written beside it as <c>NAME.received.EXT</c>
/// (gitignored; a golden file named for its role, <c>NAME.approved.txt</c> or <c>NAME.out.txt</c>, gets
/// <c>NAME.received.txt</c>) and the test fails saying so: review the received file and rename it over the golden one to
/// accept. Line endings are compared as <c>\n</c>. Used by the diagnostics goldens, the policy snapshots, the construct
/// explanations and the statements.
/// </summary>
public static class GoldenFile
{
    public static void Verify(string path, string actual)
    {
        actual = actual.ReplaceLineEndings("\n");
        var received = Received(path);
        var expected = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        var why = expected is null ? "there is no golden file yet" : $"it differs from the golden file (first difference at character {FirstDifference(expected, actual)})";
        Assert.Fail($"{Path.GetFileName(path)}: {why}. The output is in {received}: review it, and rename it to {Path.GetFileName(path)} to accept it.");
    }

    /// <summary><c>a/b/NAME.EXT</c> → <c>a/b/NAME.received.EXT</c>; <c>NAME.approved.EXT</c> and <c>NAME.out.EXT</c> → <c>NAME.received.EXT</c>.</summary>
    public static string Received(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        foreach (var role in (string[])[".approved", ".out"])
            if (stem.EndsWith(role, StringComparison.Ordinal)) stem = stem[..^role.Length];
        return Path.Combine(Path.GetDirectoryName(path)!, stem + ".received" + Path.GetExtension(path));
    }

    private static int FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return i;
    }
}
