using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Appraisal.Policy.Diagnostics;
using Appraisal.Policy.Editing;
using StreamJsonRpc;

namespace Appraisal.Cli.Lsp;

/// <summary>
/// The Language Server Protocol's methods over the host-neutral <see cref="LanguageService"/>: the lifecycle
/// (initialize, initialized, shutdown, exit), documents (didOpen, didChange with the whole text, didClose, and
/// publishDiagnostics after each), hover, definition, references, completion, documentSymbol, formatting (whole and
/// range), code actions (the quick fixes of diagnostics) and semantic tokens (whole document).
/// Positions are UTF-16, as the protocol's default; the service maps them. An exception in a method becomes the
/// JSON-RPC error answer to that request (StreamJsonRpc does it) and the server goes on.
/// </summary>
internal sealed class LanguageServer(Language defaultLanguage, Language? chosenLanguage)
{
    private readonly LanguageService _service = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JsonRpc? _rpc;
    private Language _language = chosenLanguage ?? defaultLanguage;

    /// <summary>Completes when the client sends <c>exit</c>.</summary>
    public Task Exited => _exited.Task;

    /// <summary>Did <c>shutdown</c> come before <c>exit</c>? The protocol's exit code is 0 then, 1 otherwise.</summary>
    public bool ShutDown { get; private set; }

    public void Attach(JsonRpc rpc) => _rpc = rpc;

    // ---------------------------------------------------------------------------------------------
    // Lifecycle

    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams? parameters)
    {
        // The language of messages: the client's initializationOptions.language, else --lang when given, else the client's locale.
        var asked = parameters?.InitializationOptions is { ValueKind: JsonValueKind.Object } options
                    && options.TryGetProperty("language", out var language) && language.ValueKind == JsonValueKind.String
            ? language.GetString()
            : null;
        _language = asked switch
        {
            "zh" => Language.Zh,
            "en" => Language.En,
            _ => chosenLanguage ?? (parameters?.Locale?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true ? Language.Zh : defaultLanguage),
        };
        return new InitializeResult(
            new ServerCapabilities(
                PositionEncoding: "utf-16",
                TextDocumentSync: new TextDocumentSyncOptions(OpenClose: true, Change: 1),
                HoverProvider: true,
                DefinitionProvider: true,
                ReferencesProvider: true,
                CompletionProvider: new CompletionOptions([".", " ", ":"]),
                DocumentSymbolProvider: true,
                DocumentFormattingProvider: true,
                DocumentRangeFormattingProvider: true,
                new CodeActionOptions([QuickFix]),
                new SemanticTokensOptions(new SemanticTokensLegend([.. SemanticTokens.TypeNames], [.. SemanticTokens.ModifierNames]), Full: true)),
            new ServerInfo("policy", typeof(LanguageServer).Assembly.GetName().Version?.ToString()));
    }

    [JsonRpcMethod("initialized", UseSingleObjectParameterDeserialization = true)]
    public void Initialized(JsonElement? parameters)
    {
    }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown()
    {
        ShutDown = true;
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit() => _exited.TrySetResult();

    // ---------------------------------------------------------------------------------------------
    // Documents

    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public Task DidOpen(DidOpenTextDocumentParams parameters)
    {
        var document = Required(Required(parameters, "params").TextDocument, "textDocument");
        _service.Open(Required(document.Uri, "textDocument.uri"), document.Version, document.Text ?? "");
        return PublishDiagnostics(document.Uri);
    }

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public Task DidChange(DidChangeTextDocumentParams parameters)
    {
        var uri = Uri(Required(parameters, "params").TextDocument);
        var text = _service.Document(uri)?.Text ?? "";
        foreach (var change in parameters.ContentChanges ?? [])
        {
            if (change.Range is { } range)
            {
                // Announced as full synchronisation, but a change of a range is applied all the same.
                var lines = new LineMap(text);
                var start = lines.Offset(FromProtocol(range.Start));
                var end = Math.Max(start, lines.Offset(FromProtocol(range.End)));
                text = string.Concat(text.AsSpan(0, start), change.Text, text.AsSpan(end));
            }
            else
            {
                text = change.Text ?? "";
            }
        }
        _service.Change(uri, parameters.TextDocument!.Version, text);
        return PublishDiagnostics(uri);
    }

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public Task DidClose(DidCloseTextDocumentParams parameters)
    {
        var uri = Uri(Required(parameters, "params").TextDocument);
        _service.Close(uri);
        return Notify(new PublishDiagnosticsParams(uri, null, []));
    }

    private Task PublishDiagnostics(string uri)
    {
        var document = _service.Document(uri);
        var diagnostics = _service.Diagnostics(uri, _language).Select(ToProtocol).ToArray();
        return Notify(new PublishDiagnosticsParams(uri, document?.Version, diagnostics));
    }

    private Diagnostic ToProtocol(EditorDiagnostic d) => new(
        ToProtocol(d.Range), d.IsError ? 1 : 2, d.Code, "policy",
        d.Hint is null ? d.Message : $"{d.Message}\n{(_language == Language.Zh ? "提示：" : "hint: ")}{d.Hint}",
        new DiagnosticData(d.Message, d.Hint));

    // Serialised by the formatter's options (ProtocolJsonContext), not reflected over (NamedArgs.Create would reflect).
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The parameters are serialised through ProtocolJsonContext.")]
    private Task Notify(PublishDiagnosticsParams parameters) =>
        _rpc?.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", parameters) ?? Task.CompletedTask;

    // ---------------------------------------------------------------------------------------------
    // Questions about a document

    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    public Hover? Hover(TextDocumentPositionParams parameters) =>
        _service.Hover(Uri(Required(parameters, "params").TextDocument), FromProtocol(parameters.Position), _language) is { } hover
            ? new Hover(new MarkupContent("markdown", hover.Markdown), ToProtocol(hover.Range))
            : null;

    [JsonRpcMethod("textDocument/definition", UseSingleObjectParameterDeserialization = true)]
    public Location? Definition(TextDocumentPositionParams parameters) =>
        _service.Definition(Uri(Required(parameters, "params").TextDocument), FromProtocol(parameters.Position)) is { } location ? ToProtocol(location) : null;

    [JsonRpcMethod("textDocument/references", UseSingleObjectParameterDeserialization = true)]
    public Location[] References(ReferenceParams parameters) =>
        [.. _service.References(Uri(Required(parameters, "params").TextDocument), FromProtocol(parameters.Position), parameters.Context?.IncludeDeclaration ?? true)
            .Select(ToProtocol)];

    [JsonRpcMethod("textDocument/completion", UseSingleObjectParameterDeserialization = true)]
    public CompletionItem[] Completion(TextDocumentPositionParams parameters) =>
        [.. _service.Completion(Uri(Required(parameters, "params").TextDocument), FromProtocol(parameters.Position)).Select(c => new CompletionItem(
            c.Label, CompletionItemKind(c.Kind), c.Detail, c.InsertText, c.Kind == CompletionKind.Snippet ? 2 : null))];

    [JsonRpcMethod("textDocument/documentSymbol", UseSingleObjectParameterDeserialization = true)]
    public DocumentSymbol[] DocumentSymbols(DocumentSymbolParams parameters) =>
        [.. _service.Outline(Uri(Required(parameters, "params").TextDocument)).Select(ToProtocol)];

    [JsonRpcMethod("textDocument/formatting", UseSingleObjectParameterDeserialization = true)]
    public TextEdit[] Formatting(DocumentFormattingParams parameters) =>
        [.. _service.Format(Uri(Required(parameters, "params").TextDocument)).Select(e => new TextEdit(ToProtocol(e.Range), e.NewText))];

    [JsonRpcMethod("textDocument/rangeFormatting", UseSingleObjectParameterDeserialization = true)]
    public TextEdit[] RangeFormatting(DocumentRangeFormattingParams parameters) =>
        [.. _service.FormatRange(Uri(Required(parameters, "params").TextDocument), FromProtocol(Required(parameters.Range, "range")))
            .Select(e => new TextEdit(ToProtocol(e.Range), e.NewText))];

    private const string QuickFix = "quickfix";

    /// <summary>The quick fixes of the diagnostics in the range ("did you mean", a missing 'else' row, a total that does not add up…).</summary>
    [JsonRpcMethod("textDocument/codeAction", UseSingleObjectParameterDeserialization = true)]
    public CodeAction[] CodeActions(CodeActionParams parameters)
    {
        var uri = Uri(Required(parameters, "params").TextDocument);
        // A client asking only for other kinds (refactor, source.organizeImports…) gets none.
        if (parameters.Context?.Only is { } only && !only.Any(k => k == QuickFix || QuickFix.StartsWith(k + ".", StringComparison.Ordinal) || k == ""))
            return [];
        return [.. _service.CodeActions(uri, FromProtocol(Required(parameters.Range, "range")), _language).Select(a => new CodeAction(
            a.Title, QuickFix, [ToProtocol(a.Diagnostic)], a.IsPreferred,
            new WorkspaceEdit(new Dictionary<string, TextEdit[]> { [uri] = [.. a.Edits.Select(e => new TextEdit(ToProtocol(e.Range), e.NewText))] })))];
    }

    /// <summary>The document's tokens, encoded as the protocol wants: each relative to the one before.</summary>
    [JsonRpcMethod("textDocument/semanticTokens/full", UseSingleObjectParameterDeserialization = true)]
    public SemanticTokensResult SemanticTokensFull(SemanticTokensParams parameters)
    {
        var tokens = _service.SemanticTokens(Uri(Required(parameters, "params").TextDocument));
        var data = new int[tokens.Length * 5];
        var (line, character) = (0, 0);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            data[i * 5] = token.Line - line;
            data[i * 5 + 1] = token.Line == line ? token.Character - character : token.Character;
            data[i * 5 + 2] = token.Length;
            data[i * 5 + 3] = (int)token.Type;
            data[i * 5 + 4] = (int)token.Modifiers;
            (line, character) = (token.Line, token.Character);
        }
        return new SemanticTokensResult(data);
    }

    // ---------------------------------------------------------------------------------------------
    // Between the protocol's types and the service's

    /// <summary>A field the method cannot do without: its absence is the protocol's "invalid params" error, naming it.</summary>
    private static T Required<T>(T? value, string name) where T : class =>
        value ?? throw new LocalRpcException($"'{name}' is required") { ErrorCode = (int)StreamJsonRpc.Protocol.JsonRpcErrorCode.InvalidParams };

    private static string Uri(TextDocumentIdentifier? document) => Required(Required(document, "textDocument").Uri, "textDocument.uri");

    private static string Uri(VersionedTextDocumentIdentifier? document) => Required(Required(document, "textDocument").Uri, "textDocument.uri");

    private static LinePosition FromProtocol(Position? position) => position is null ? default : new LinePosition(position.Line, position.Character);

    private static LineRange FromProtocol(Range range) => new(FromProtocol(range.Start), FromProtocol(range.End));

    private static Position ToProtocol(LinePosition position) => new(position.Line, position.Character);

    private static Range ToProtocol(LineRange range) => new(ToProtocol(range.Start), ToProtocol(range.End));

    private static Location ToProtocol(EditorLocation location) => new(location.Uri, ToProtocol(location.Range));

    private static DocumentSymbol ToProtocol(OutlineSymbol symbol) => new(
        symbol.Name, symbol.Detail, SymbolKind(symbol.Kind), ToProtocol(symbol.Range), ToProtocol(symbol.NameRange),
        [.. symbol.Children.Select(ToProtocol)]);

    /// <summary>The protocol's SymbolKind numbers.</summary>
    private static int SymbolKind(OutlineKind kind) => kind switch
    {
        OutlineKind.Include => 1,        // File
        OutlineKind.Enum => 10,
        OutlineKind.EnumMember => 22,
        OutlineKind.Record => 23,        // Struct
        OutlineKind.Field => 8,
        OutlineKind.Input => 3,          // Namespace: the block of inputs
        OutlineKind.Parameter => 14,     // Constant
        OutlineKind.Constraint => 17,    // Boolean
        OutlineKind.Table => 18,         // Array
        OutlineKind.Definition => 13,    // Variable
        OutlineKind.Scorecard => 5,      // Class
        OutlineKind.ScorecardItem => 7,  // Property
        OutlineKind.Level => 22,         // EnumMember
        OutlineKind.Output => 7,         // Property
        OutlineKind.Test => 6,           // Method
        _ => 12,                         // Function: the other rules
    };

    /// <summary>The protocol's CompletionItemKind numbers.</summary>
    private static int CompletionItemKind(CompletionKind kind) => kind switch
    {
        CompletionKind.Keyword => 14,
        CompletionKind.Value => 6,       // Variable
        CompletionKind.Table => 3,       // Function: a table is called
        CompletionKind.Function => 3,
        CompletionKind.Enum => 13,
        CompletionKind.EnumMember => 20,
        CompletionKind.Field => 5,
        CompletionKind.Type => 7,        // Class
        CompletionKind.Unit => 11,
        CompletionKind.Snippet => 15,
        _ => 1,
    };

    /// <summary>Where StreamJsonRpc's own warnings go: stderr (stdout carries only protocol messages). Never a document's text.</summary>
    public static TraceSource Trace(TextWriter stderr)
    {
        var trace = new TraceSource("policy lsp", SourceLevels.Warning);
        trace.Listeners.Clear();
        trace.Listeners.Add(new TextWriterTraceListener(stderr));
        return trace;
    }
}
