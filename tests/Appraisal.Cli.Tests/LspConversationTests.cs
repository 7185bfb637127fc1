using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Appraisal.Cli.Tests;

/// <summary>
/// Conversations with `policy lsp` as an editor has them: the built tool started as a child process, the Language Server
/// Protocol spoken over its stdin and stdout (Content-Length framed JSON-RPC).
/// </summary>
public sealed class LspConversationTests : IDisposable
{
    /// <summary>Three mistakes: a misspelt input (with a "did you mean"), an unknown type, points compared with money.</summary>
    private const string WithMistakes = """
        policy 售后考核
          period month

        enum 岗位 { 客服, 组长 }

        input {
          岗位: 岗位 "员工岗位"
          退款率: percent in 0%..100% "当月退款率"
        }

        table 退款率分(r: percent) -> points first {
          <= 5%  => 30
          else   => 0
        }

        output 得分: points = 退款率分(退款)
        output 等级: 等极 = 岗位
        output 合格: bool = 得分 > 1 yuan
        """;

    private const string Clean = """
        policy 售后考核
          period month

        enum 岗位 { 客服, 组长 }

        input {
          岗位: 岗位 "员工岗位"
          退款率: percent in 0%..100% "当月退款率"
        }

        table 退款率分(r: percent) -> points first {
          <= 5%  => 30
          else   => 0
        }

        output 得分: points = 退款率分(退款率)
        """;

    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private string Uri(string path) => new System.Uri(path).AbsoluteUri;

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public async Task Diagnostics_published_on_open_are_those_policy_check_prints_as_json(string language)
    {
        var path = _workspace.Write("售后考核.policy", WithMistakes);
        var check = _workspace.Run("check", "--format", "json", "--lang", language, path);
        var expected = JArray.Parse(check.Stdout);
        Assert.True(expected.Count >= 3, check.ToString());

        await using var server = await LspClient.Start();
        await server.Initialize(new JObject { ["language"] = language });
        await server.Open(Uri(path), WithMistakes);
        var published = await server.Diagnostics(Uri(path), version: 1);

        var diagnostics = (JArray)published["diagnostics"]!;
        Assert.Equal(expected.Count, diagnostics.Count);
        foreach (var (want, got) in expected.Zip(diagnostics))
        {
            Assert.Equal((int)want["line"]! - 1, (int)got["range"]!["start"]!["line"]!);
            Assert.Equal((int)want["column"]! - 1, (int)got["range"]!["start"]!["character"]!);
            Assert.Equal((int)want["endLine"]! - 1, (int)got["range"]!["end"]!["line"]!);
            Assert.Equal((int)want["endColumn"]! - 1, (int)got["range"]!["end"]!["character"]!);
            Assert.Equal((string)want["severity"]! == "error" ? 1 : 2, (int)got["severity"]!);
            Assert.Equal((string)want["code"]!, (string)got["code"]!);
            Assert.Equal((string)want["message"]!, (string)got["data"]!["message"]!);
            Assert.Equal((string?)want["hint"], (string?)got["data"]!["hint"]);
            Assert.StartsWith((string)want["message"]!, (string)got["message"]!);
        }
        Assert.Contains(diagnostics, d => (string)d["code"]! == "PL0101" && ((string)d["message"]!).Contains(language == "zh" ? "是否想写 '退款率'" : "did you mean '退款率'"));
        Assert.Equal(0, await server.ShutDownAndExit());
    }

    [Fact]
    public async Task Hover_definition_enum_completion_and_formatting()
    {
        var path = _workspace.Write("售后考核.policy", Clean);
        var uri = Uri(path);
        await using var server = await LspClient.Start();
        await server.Initialize();
        await server.Open(uri, Clean);
        Assert.DoesNotContain((JArray)(await server.Diagnostics(uri, 1))["diagnostics"]!, d => (int)d["severity"]! == 1);

        var use = Position(Clean, "退款率)");
        var hover = await server.Request("textDocument/hover", At(uri, use));
        Assert.Equal("markdown", (string)hover["contents"]!["kind"]!);
        var markdown = (string)hover["contents"]!["value"]!;
        Assert.Contains("(input) **退款率**: `percent`", markdown);
        Assert.Contains("range: `0%..100%`", markdown);
        Assert.Contains("当月退款率", markdown);
        Assert.Equal(use, ((int)hover["range"]!["start"]!["line"]!, (int)hover["range"]!["start"]!["character"]!));

        var definition = await server.Request("textDocument/definition", At(uri, Position(Clean, "退款率分(退款率)")));
        Assert.Equal(uri, (string)definition["uri"]!);
        Assert.Equal(Position(Clean, "退款率分"), ((int)definition["range"]!["start"]!["line"]!, (int)definition["range"]!["start"]!["character"]!));

        // Typing a comparison with the enum-typed input: its values are offered although the line does not parse yet.
        var typing = Clean + "\noutput 组长分: points = if 岗位 == ";
        await server.Change(uri, 2, typing);
        await server.Diagnostics(uri, 2);
        var completion = (JArray)await server.Request("textDocument/completion", At(uri, End(typing)));
        Assert.Equal(["客服", "组长"], completion.Select(c => (string)c["label"]!));
        Assert.All(completion, c => Assert.Equal(20, (int)c["kind"]!)); // EnumMember

        var messy = Clean.Replace("output 得分: points = 退款率分(退款率)", "output   得分 :points=退款率分( 退款率 )");
        await server.Change(uri, 3, messy);
        await server.Diagnostics(uri, 3);
        var edits = (JArray)await server.Request("textDocument/formatting", new JObject
        {
            ["textDocument"] = new JObject { ["uri"] = uri },
            ["options"] = new JObject { ["tabSize"] = 2, ["insertSpaces"] = true },
        });
        var edit = Assert.Single(edits);
        var fmt = _workspace.Write("messy.policy", messy);
        Assert.Equal(0, _workspace.Run("fmt", fmt).ExitCode);
        Assert.Equal(File.ReadAllText(fmt), (string)edit["newText"]!);
        Assert.Equal(0, await server.ShutDownAndExit());
    }

    [Fact]
    public async Task Quick_fixes_range_formatting_and_semantic_tokens()
    {
        var path = _workspace.Write("售后考核.policy", WithMistakes);
        var uri = Uri(path);
        await using var server = await LspClient.Start();
        await server.Initialize();
        Assert.Equal(["quickfix"], server.Capabilities["codeActionProvider"]!["codeActionKinds"]!.Select(k => (string)k!));
        Assert.True((bool)server.Capabilities["documentRangeFormattingProvider"]!);
        var legend = server.Capabilities["semanticTokensProvider"]!["legend"]!;
        var types = legend["tokenTypes"]!.Select(t => (string)t!).ToList();
        var modifiers = legend["tokenModifiers"]!.Select(t => (string)t!).ToList();
        await server.Open(uri, WithMistakes);
        var published = (JArray)(await server.Diagnostics(uri, 1))["diagnostics"]!;

        // The light bulb on the misspelt input's line: the fix the hint names, as a workspace edit.
        var typo = Position(WithMistakes, "退款)");
        var line = new JObject { ["start"] = new JObject { ["line"] = typo.Line, ["character"] = 0 }, ["end"] = new JObject { ["line"] = typo.Line, ["character"] = 0 } };
        var actions = (JArray)await server.Request("textDocument/codeAction", new JObject
        {
            ["textDocument"] = new JObject { ["uri"] = uri },
            ["range"] = line,
            ["context"] = new JObject { ["diagnostics"] = new JArray(published.Where(d => (int)d["range"]!["start"]!["line"]! == typo.Line)) },
        });
        var action = (JObject)Assert.Single(actions);
        Assert.Equal("Change to '退款率'", (string)action["title"]!);
        Assert.Equal("quickfix", (string)action["kind"]!);
        Assert.True((bool)action["isPreferred"]!);
        Assert.Equal("PL0101", (string)action["diagnostics"]![0]!["code"]!);
        var edit = Assert.Single((JArray)action["edit"]!["changes"]![uri]!);
        Assert.Equal("退款率", (string)edit["newText"]!);
        Assert.Equal(typo, ((int)edit["range"]!["start"]!["line"]!, (int)edit["range"]!["start"]!["character"]!));
        Assert.Equal(typo.Character + 2, (int)edit["range"]!["end"]!["character"]!);
        // Asked only for refactorings: no quick fixes.
        Assert.Empty((JArray)await server.Request("textDocument/codeAction", new JObject
        {
            ["textDocument"] = new JObject { ["uri"] = uri }, ["range"] = line,
            ["context"] = new JObject { ["diagnostics"] = new JArray(), ["only"] = new JArray("refactor") },
        }));

        // Range formatting touches only the line asked for.
        var messy = Clean.Replace("output 得分: points = 退款率分(退款率)", "output   得分 :points=退款率分( 退款率 )")
            .Replace("  <= 5%  => 30", "  <= 5%=>30");
        await server.Change(uri, 2, messy);
        await server.Diagnostics(uri, 2);
        var output = Position(messy, "output   得分");
        var edits = (JArray)await server.Request("textDocument/rangeFormatting", new JObject
        {
            ["textDocument"] = new JObject { ["uri"] = uri },
            ["range"] = new JObject { ["start"] = new JObject { ["line"] = output.Line, ["character"] = 0 }, ["end"] = new JObject { ["line"] = output.Line, ["character"] = 4 } },
            ["options"] = new JObject { ["tabSize"] = 2, ["insertSpaces"] = true },
        });
        var formatted = Assert.Single(edits);
        Assert.Equal("output 得分: points = 退款率分(退款率)", ((string)formatted["newText"]!).TrimEnd('\n'));
        Assert.Equal(output.Line, (int)formatted["range"]!["start"]!["line"]!);

        // Semantic tokens, decoded: five numbers each, line and start relative to the token before.
        await server.Change(uri, 3, Clean);
        await server.Diagnostics(uri, 3);
        var data = ((JArray)(await server.Request("textDocument/semanticTokens/full", new JObject { ["textDocument"] = new JObject { ["uri"] = uri } }))["data"]!)
            .Select(n => (int)n).ToArray();
        Assert.Equal(0, data.Length % 5);
        var decoded = new List<(int Line, int Character, int Length, string Type, int Modifiers)>();
        var (atLine, atCharacter) = (0, 0);
        for (var i = 0; i < data.Length; i += 5)
        {
            atLine += data[i];
            atCharacter = data[i] == 0 ? atCharacter + data[i + 1] : data[i + 1];
            decoded.Add((atLine, atCharacter, data[i + 2], types[data[i + 3]], data[i + 4]));
        }
        Assert.Equal((0, 0, 6, "keyword", 0), decoded[0]);
        var declared = 1 << modifiers.IndexOf("declaration");
        var input = Position(Clean, "退款率:");
        Assert.Contains((input.Line, input.Character, 3, "parameter", declared), decoded);
        var table = Position(Clean, "退款率分(退款率)");
        Assert.Contains((table.Line, table.Character, 4, "function", 0), decoded);
        Assert.Equal(0, await server.ShutDownAndExit());
    }

    [Fact]
    public async Task A_document_edited_in_several_steps_gets_the_diagnostics_of_each_version()
    {
        var uri = Uri(Path.Combine(_workspace.Root, "甲.policy"));
        await using var server = await LspClient.Start();
        await server.Initialize();
        await server.Open(uri, "policy 甲\noutput 甲: points = 乙\n");
        Assert.Equal(["PL0101"], Codes(await server.Diagnostics(uri, 1)));

        await server.Change(uri, 2, "policy 甲\ninput { 乙: points }\noutput 甲: points = 乙\n");
        Assert.Empty(Codes(await server.Diagnostics(uri, 2)));

        await server.Change(uri, 3, "policy 甲\ninput { 乙: points }\noutput 甲: points =\n");
        Assert.Contains(Codes(await server.Diagnostics(uri, 3)), code => code.StartsWith("PL00", StringComparison.Ordinal)); // a syntax error

        await server.Change(uri, 4, "policy 甲\ninput { 乙: points }\noutput 甲: points = 乙 * 2\n");
        Assert.Empty(Codes(await server.Diagnostics(uri, 4)));

        await server.Notify("textDocument/didClose", new JObject { ["textDocument"] = new JObject { ["uri"] = uri } });
        Assert.Empty(Codes(await server.Diagnostics(uri, null)));
        Assert.Equal(0, await server.ShutDownAndExit());
    }

    [Fact]
    public async Task Positions_after_Chinese_text_and_an_emoji_are_counted_in_UTF16_code_units()
    {
        var text = Clean + "\noutput 乙: points = if \"😀笑\" == \"a\" then 未知 else 得分\n";
        var uri = Uri(Path.Combine(_workspace.Root, "emoji.policy"));
        await using var server = await LspClient.Start();
        await server.Initialize();
        await server.Open(uri, text);
        var diagnostic = Assert.Single((JArray)(await server.Diagnostics(uri, 1))["diagnostics"]!);
        var (line, character) = Position(text, "未知");
        Assert.Equal("PL0101", (string)diagnostic["code"]!);
        Assert.Equal(line, (int)diagnostic["range"]!["start"]!["line"]!);
        Assert.Equal(character, (int)diagnostic["range"]!["start"]!["character"]!); // the emoji counts 2, each Chinese character 1
        Assert.Equal(character + 2, (int)diagnostic["range"]!["end"]!["character"]!);

        var hover = await server.Request("textDocument/hover", At(uri, Position(text, "得分\n", plus: 1)));
        Assert.Contains("(output) **得分**: `points`", (string)hover["contents"]!["value"]!);
        Assert.Equal(Position(text, "得分\n"), ((int)hover["range"]!["start"]!["line"]!, (int)hover["range"]!["start"]!["character"]!));
        Assert.Equal(0, await server.ShutDownAndExit());
    }

    [Fact]
    public async Task A_bad_request_gets_an_error_answer_and_the_server_goes_on()
    {
        await using var server = await LspClient.Start();
        await server.Initialize();
        var missing = await server.RequestError("textDocument/hover", new JObject { ["position"] = new JObject { ["line"] = 0, ["character"] = 0 } });
        Assert.Equal(-32602, (int)missing["code"]!);
        Assert.Contains("textDocument", (string)missing["message"]!);
        var unknown = await server.RequestError("policy/nonsense", new JObject());
        Assert.Equal(-32601, (int)unknown["code"]!);
        // Still answering.
        Assert.Equal(JTokenType.Null, (await server.Request("textDocument/hover", At("file:///nowhere.policy", (0, 0)))).Type);
        Assert.Equal(0, await server.ShutDownAndExit());
    }

    [Fact]
    public async Task Exit_without_shutdown_ends_with_exit_code_1()
    {
        await using var server = await LspClient.Start();
        await server.Initialize();
        await server.Notify("exit", null);
        Assert.Equal(1, await server.WaitForExit());
    }

    private static IEnumerable<string> Codes(JObject published) => ((JArray)published["diagnostics"]!).Select(d => (string)d["code"]!);

    private static JObject At(string uri, (int Line, int Character) position) => new()
    {
        ["textDocument"] = new JObject { ["uri"] = uri },
        ["position"] = new JObject { ["line"] = position.Line, ["character"] = position.Character },
    };

    /// <summary>The protocol position (0-based line, UTF-16 code unit) of the first <paramref name="text"/> in <paramref name="document"/>.</summary>
    private static (int Line, int Character) Position(string document, string text, int plus = 0)
    {
        var index = document.IndexOf(text, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{text}' is not in the document");
        index += plus;
        var line = document[..index].Count(c => c == '\n');
        return (line, index - (document.LastIndexOf('\n', Math.Max(0, index - 1)) + 1));
    }

    private static (int Line, int Character) End(string document) => (document.Count(c => c == '\n'), document.Length - (document.LastIndexOf('\n') + 1));
}

/// <summary>
/// A language client over a real stdio pipe to `dotnet policy.dll lsp` (the tool built beside the tests). Notifications
/// the server sends are kept in arrival order; the process is killed on dispose if it is still running.
/// </summary>
internal sealed class LspClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly BlockingCollection<JObject> _messages = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _reader;
    private int _nextId;

    private LspClient(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        _reader = Task.Run(ReadMessages);
    }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public static Task<LspClient> Start()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "policy.dll"));
        start.ArgumentList.Add("lsp");
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start policy lsp");
        return Task.FromResult(new LspClient(process));
    }

    /// <summary>What the server said it can do, in its answer to initialize.</summary>
    public JObject Capabilities { get; private set; } = new();

    public async Task Initialize(JObject? options = null)
    {
        var result = await Request("initialize", new JObject
        {
            ["processId"] = Environment.ProcessId, ["capabilities"] = new JObject(), ["initializationOptions"] = options,
        });
        Assert.Equal(1, (int)result["capabilities"]!["textDocumentSync"]!["change"]!);
        Assert.Equal("utf-16", (string)result["capabilities"]!["positionEncoding"]!);
        Capabilities = (JObject)result["capabilities"]!;
        await Notify("initialized", new JObject());
    }

    public Task Open(string uri, string text) => Notify("textDocument/didOpen", new JObject
    {
        ["textDocument"] = new JObject { ["uri"] = uri, ["languageId"] = "policy", ["version"] = 1, ["text"] = text },
    });

    public Task Change(string uri, int version, string text) => Notify("textDocument/didChange", new JObject
    {
        ["textDocument"] = new JObject { ["uri"] = uri, ["version"] = version },
        ["contentChanges"] = new JArray(new JObject { ["text"] = text }),
    });

    /// <summary>The next publishDiagnostics for <paramref name="uri"/> at <paramref name="version"/> (earlier ones are skipped).</summary>
    public Task<JObject> Diagnostics(string uri, int? version) => Task.FromResult((JObject)NextMessage(m =>
        (string?)m["method"] == "textDocument/publishDiagnostics" && (string?)m["params"]!["uri"] == uri
        && (int?)m["params"]!["version"] == version)["params"]!);

    public async Task<JToken> Request(string method, JObject? parameters)
    {
        var answer = await Send(method, parameters);
        Assert.True(answer["error"] is null, $"{method}: {answer["error"]}\n{Stderr}");
        return answer["result"]!;
    }

    public async Task<JObject> RequestError(string method, JObject? parameters)
    {
        var answer = await Send(method, parameters);
        return Assert.IsType<JObject>(answer["error"]);
    }

    private async Task<JObject> Send(string method, JObject? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        await Write(new JObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return NextMessage(m => (int?)m["id"] == id && m["method"] is null);
    }

    public Task Notify(string method, JObject? parameters) =>
        Write(new JObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>shutdown, then exit; the process's exit code.</summary>
    public async Task<int> ShutDownAndExit()
    {
        Assert.Equal(JTokenType.Null, (await Request("shutdown", null)).Type);
        await Notify("exit", null);
        return await WaitForExit();
    }

    public async Task<int> WaitForExit()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    private readonly List<JObject> _skipped = new();

    private JObject NextMessage(Func<JObject, bool> wanted)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero || !_messages.TryTake(out var message, remaining))
                throw new TimeoutException($"no such message from policy lsp; seen: {string.Join("\n", _skipped)}\nstderr: {Stderr}");
            if (wanted(message)) return message;
            _skipped.Add(message);
        }
    }

    private async Task Write(JObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToString(Newtonsoft.Json.Formatting.None));
        var stream = _process.StandardInput.BaseStream;
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }

    /// <summary>Reads Content-Length framed messages from the server's stdout; anything else there fails the test.</summary>
    private async Task ReadMessages()
    {
        var stream = _process.StandardOutput.BaseStream;
        try
        {
            while (true)
            {
                var length = -1;
                string header;
                while ((header = await ReadHeaderLine(stream)) != "")
                {
                    if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(header[15..].Trim());
                    else if (!header.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))
                        throw new InvalidDataException($"not a protocol header on stdout: '{header}'");
                }
                if (length < 0) throw new InvalidDataException("a message without Content-Length");
                var body = new byte[length];
                await stream.ReadExactlyAsync(body);
                _messages.Add(JObject.Parse(Encoding.UTF8.GetString(body)));
            }
        }
        catch (EndOfStreamException)
        {
            // The server closed stdout: it has exited.
        }
        finally
        {
            _messages.CompleteAdding();
        }
    }

    private static async Task<string> ReadHeaderLine(Stream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0) throw new EndOfStreamException();
            if (one[0] == '\n') return Encoding.ASCII.GetString(line.ToArray()).TrimEnd('\r');
            line.Add(one[0]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        try
        {
            await _reader; // a stray write to stdout shows here
        }
        finally
        {
            _process.Dispose();
            _messages.Dispose();
        }
    }
}
