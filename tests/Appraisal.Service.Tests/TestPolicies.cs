using System.Runtime.CompilerServices;

namespace Appraisal.Service.Tests;

/// <summary>A private copy of the repository's policies/ for one test class, deleted afterwards.</summary>
public sealed class TestPolicies : IDisposable
{
    public const string AfterSales = "after-sales/售后客服考核";
    public const string AfterSalesFile = "after-sales/售后客服考核.policy";
    public const string Satisfaction = "satisfaction-index/满意度指数";

    /// <summary>The facts of the after-sales test case "恰好 91 分：在合格线上".</summary>
    public const string Facts91 = """
        { "岗位": "普通售后客服", "素质": "良", "退款率": "6%", "纠纷处理": "良", "配合度": "良", "执行力": "中",
          "迟到": 1, "客户表扬": 3, "低质评价": 1 }
        """;

    public TestPolicies()
    {
        Directory = Path.Combine(Path.GetTempPath(), "appraisal-service-tests", Guid.NewGuid().ToString("N"));
        Copy(Path.Combine(RepositoryRoot(), "policies"), Directory);
    }

    public string Directory { get; }

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Replaces a file the way an editor does: write beside it, then rename over it.</summary>
    public void Replace(string relative, string text)
    {
        var target = PathOf(relative);
        var temporary = target + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>
    /// A policy text without its <c>test</c> blocks: for an edit that changes outcomes on purpose (a version whose own
    /// tests fail is never served, so such an edit rewrites its tests; here they are simply dropped).
    /// </summary>
    public static string WithoutTests(string text)
    {
        var kept = new List<string>();
        var inTest = false;
        foreach (var line in text.Split('\n'))
        {
            if (!inTest && line.StartsWith("test \"", StringComparison.Ordinal)) inTest = true;
            else if (!inTest) kept.Add(line);
            else if (line.TrimEnd() == "}") inTest = false;
        }
        return string.Join('\n', kept);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
            if (System.IO.Directory.Exists(Directory + "-data")) System.IO.Directory.Delete(Directory + "-data", recursive: true);
        }
        catch (IOException)
        {
            // a temporary directory still in use (a watcher not yet stopped): left to the system's temp clean-up
        }
    }

    public static string RepositoryRoot([CallerFilePath] string here = "")
    {
        for (var folder = new DirectoryInfo(Path.GetDirectoryName(here)!); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Policy.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("Policy.sln not found above " + here);
    }

    private static void Copy(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.EnumerateFiles(from, "*.policy", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
