using System.Text.RegularExpressions;
using Appraisal.Testing;
using Newtonsoft.Json.Linq;

namespace Appraisal.Service.Tests;

/// <summary>
/// The Dockerfile cannot rot unnoticed, although no image is built here (there is no container engine on the build
/// machines): everything it copies exists and is not left out of the build context, its build stage runs
/// <c>.ci/publish.sh</c> (the script CI runs), and the ports, paths, settings and health route it names are the
/// service's own.
/// </summary>
public sealed partial class DockerfileTests
{
    private sealed record Instruction(string Stage, string Keyword, string Arguments);

    private static readonly string DockerfilePath = Path.Combine(RepositoryPaths.Root, "Dockerfile");

    /// <summary>The Dockerfile's instructions (continuation lines joined, comments left out), each with its stage's name.</summary>
    private static List<Instruction> Instructions()
    {
        var joined = Regex.Replace(File.ReadAllText(DockerfilePath), @"\\\r?\n", " ");
        var instructions = new List<Instruction>();
        var stage = "";
        foreach (var raw in joined.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var space = line.IndexOf(' ');
            var (keyword, arguments) = space < 0 ? (line.ToUpperInvariant(), "") : (line[..space].ToUpperInvariant(), line[(space + 1)..].Trim());
            if (keyword == "FROM") stage = FromAs().Match(arguments) is { Success: true } m ? m.Groups["name"].Value : arguments;
            instructions.Add(new Instruction(stage, keyword, arguments));
        }
        return instructions;
    }

    [GeneratedRegex(@"\sAS\s+(?<name>\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex FromAs();

    private static Dictionary<string, string> Environment(string stage) => Instructions()
        .Where(i => i.Stage == stage && i.Keyword == "ENV")
        .SelectMany(i => EnvPair().Matches(i.Arguments))
        .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S*)")]
    private static partial Regex EnvPair();

    private static string RuntimeStage => Instructions().Last(i => i.Keyword == "FROM").Stage;

    [Fact]
    public void What_it_copies_from_the_repository_exists_and_is_in_the_build_context()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var copies = Instructions().Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from=", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            var sources = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1];
            Assert.NotEmpty(sources);
            foreach (var source in sources)
            {
                var path = Path.Combine(RepositoryPaths.Root, source);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY {source}: no such file or directory in the repository");
                Assert.DoesNotContain(ignored, pattern => LeavesOut(pattern, source));
            }
        }
    }

    /// <summary>Whether a .dockerignore pattern of the forms used there (<c>dir/</c>, <c>**/dir/</c>, <c>*.ext</c>) leaves out the path.</summary>
    private static bool LeavesOut(string pattern, string source)
    {
        var path = source.TrimEnd('/');
        if (pattern.StartsWith("**/", StringComparison.Ordinal)) return path.Split('/').Contains(pattern[3..].TrimEnd('/'));
        if (pattern.StartsWith("*.", StringComparison.Ordinal)) return path.EndsWith(pattern[1..], StringComparison.Ordinal);
        var prefix = pattern.TrimEnd('/');
        return path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_stage_runs_the_publish_script_CI_runs_and_the_runtime_stage_takes_its_output()
    {
        var instructions = Instructions();
        var publish = Assert.Single(instructions, i => i.Keyword == "RUN" && i.Arguments.Contains(".ci/publish.sh", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, ".ci", "publish.sh")));
        var output = Regex.Match(publish.Arguments, @"\.ci/publish\.sh\s+(?<dir>\S+)").Groups["dir"].Value;
        Assert.NotEqual("", output);
        Assert.NotEqual(RuntimeStage, publish.Stage);
        Assert.Contains(instructions, i => i.Stage == RuntimeStage && i.Keyword == "COPY"
            && i.Arguments.StartsWith($"--from={publish.Stage} {output.TrimEnd('/')}/", StringComparison.Ordinal));
        // And CI runs the same script (one test in its totals).
        Assert.Contains(".ci/publish.sh", File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".ci", "run")));

        var from = instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments).ToList();
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", from[0]);
        Assert.StartsWith("mcr.microsoft.com/dotnet/runtime-deps:10.0", from[^1]); // self-contained: no .NET in the image
    }

    [Fact]
    public void The_ports_it_exposes_are_the_service_defaults_and_the_health_check_asks_the_REST_port_for_healthz()
    {
        var defaults = new ServiceOptions();
        var runtime = Instructions().Where(i => i.Stage == RuntimeStage).ToList();
        var exposed = runtime.Where(i => i.Keyword == "EXPOSE").SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal([defaults.Port.ToString(), defaults.RestPort.ToString()], exposed);
        var env = Environment(RuntimeStage);
        Assert.Equal((defaults.Port.ToString(), defaults.RestPort.ToString()), (env["Service__Port"], env["Service__RestPort"]));
        var health = Assert.Single(runtime, i => i.Keyword == "HEALTHCHECK");
        Assert.Contains($"http://127.0.0.1:{defaults.RestPort}/healthz", health.Arguments);
    }

    [Fact]
    public void It_runs_as_a_user_that_is_not_root_with_the_ledger_in_the_volume_and_the_policies_where_the_setting_says()
    {
        var runtime = Instructions().Where(i => i.Stage == RuntimeStage).ToList();
        var user = Assert.Single(runtime, i => i.Keyword == "USER").Arguments;
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
        var env = Environment(RuntimeStage);
        Assert.Equal(env["Ledger__DataDirectory"], Assert.Single(runtime, i => i.Keyword == "VOLUME").Arguments);
        Assert.Contains(runtime, i => i.Keyword == "COPY" && i.Arguments == $"policies/ {env["Policies__Directory"]}/");
        var workdir = Assert.Single(runtime, i => i.Keyword == "WORKDIR").Arguments;
        Assert.Equal($"[\"{workdir}/Appraisal.Service\"]", Assert.Single(runtime, i => i.Keyword == "ENTRYPOINT").Arguments);
    }

    [Fact]
    public void Every_setting_it_sets_is_one_the_service_reads()
    {
        // A setting is Section__Key (configuration "Section:Key"); appsettings.json names every one with its default.
        var settings = JObject.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Appraisal.Service", "appsettings.json")));
        var env = Environment(RuntimeStage);
        var ours = env.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList();
        Assert.Contains("Policies__Source", ours);
        foreach (var key in ours)
            Assert.True(settings.SelectToken(string.Join('.', key.Split("__"))) is not null, $"ENV {key}: the service reads no setting {key.Replace("__", ":")}");
        Assert.Contains(env["Policies__Source"], new[] { "directory", "registry" });
    }
}
