namespace Appraisal.ClusterClient;

/// <summary>
/// TAP lines on standard output (<c>ok 1 - …</c>, <c>not ok 2 - …</c>, diagnostics as <c># …</c>) and the totals
/// <c># pass N</c> / <c># fail N</c> that .ci/run adds up. Nothing printed names a subject, a request or a fact.
/// </summary>
public sealed class Tap
{
    private int _number;

    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public void Check(bool ok, string description, IEnumerable<string>? diagnostics = null)
    {
        _number++;
        if (ok) Passed++;
        else Failed++;
        Console.WriteLine($"{(ok ? "ok" : "not ok")} {_number} - {description}");
        foreach (var line in diagnostics ?? []) Console.WriteLine($"# {line}");
    }

    /// <summary>Runs one check; an exception is a failure of that check, reported by its type and message.</summary>
    public async Task Check(string description, Func<Task<(bool Ok, List<string> Diagnostics)>> check)
    {
        (bool Ok, List<string> Diagnostics) result;
        try
        {
            result = await check();
        }
        catch (Exception e)
        {
            result = (false, [$"{e.GetType().Name}: {e.Message}"]);
        }
        Check(result.Ok, description, result.Diagnostics);
    }

    public static void Note(string line) => Console.WriteLine($"# {line}");

    public int Finish()
    {
        Console.WriteLine($"# pass {Passed}");
        Console.WriteLine($"# fail {Failed}");
        return Failed == 0 && Passed > 0 ? 0 : 1;
    }
}
