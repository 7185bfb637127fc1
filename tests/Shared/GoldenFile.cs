namespace Appraisal.Testing;

/// <summary>
/// Golden files, the one way every test project compares output with a reviewed file: the expected text is the file;
/// on a difference (or when the file is missing) the actual text is written beside it as <c>NAME.received.EXT</c>
/// (gitignored) and the test fails saying so: review the received file and rename it over the golden one to accept.
/// Line endings are compared as <c>\n</c>.
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

    /// <summary><c>a/b/NAME.EXT</c> → <c>a/b/NAME.received.EXT</c>.</summary>
    public static string Received(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + ".received" + Path.GetExtension(path));

    private static int FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return i;
    }
}
