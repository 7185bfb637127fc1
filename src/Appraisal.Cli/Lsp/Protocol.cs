using System.Text.Json;
using System.Text.Json.Serialization;

namespace Appraisal.Cli.Lsp;

// The Language Server Protocol's messages that `policy lsp` reads and writes (https://microsoft.github.io/language-server-protocol/),
// declared here since no LSP type library is served; only the fields used. Positions count UTF-16 code units.

internal sealed record Position(int Line, int Character);

internal sealed record Range(Position Start, Position End);

internal sealed record Location(string Uri, Range Range);

internal sealed record TextDocumentIdentifier(string Uri);

internal sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

internal sealed record TextDocumentItem(string Uri, string? LanguageId, int Version, string Text);

internal sealed record InitializeParams(int? ProcessId, string? Locale, JsonElement? InitializationOptions);

internal sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

internal sealed record ServerInfo(string Name, string? Version);

internal sealed record ServerCapabilities(
    string PositionEncoding,
    TextDocumentSyncOptions TextDocumentSync,
    bool HoverProvider,
    bool DefinitionProvider,
    bool ReferencesProvider,
    CompletionOptions CompletionProvider,
    bool DocumentSymbolProvider,
    bool DocumentFormattingProvider,
    bool DocumentRangeFormattingProvider,
    CodeActionOptions CodeActionProvider,
    SemanticTokensOptions SemanticTokensProvider);

internal sealed record CodeActionOptions(string[] CodeActionKinds);

internal sealed record SemanticTokensLegend(string[] TokenTypes, string[] TokenModifiers);

/// <param name="Full">The whole document's tokens on request (no deltas, no ranges).</param>
internal sealed record SemanticTokensOptions(SemanticTokensLegend Legend, bool Full);

/// <param name="Change">1: the whole text on each change.</param>
internal sealed record TextDocumentSyncOptions(bool OpenClose, int Change);

internal sealed record CompletionOptions(string[] TriggerCharacters);

internal sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);

internal sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, TextDocumentContentChangeEvent[] ContentChanges);

/// <param name="Range">Null for the whole text (full synchronisation).</param>
internal sealed record TextDocumentContentChangeEvent(Range? Range, string Text);

internal sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);

internal sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

internal sealed record ReferenceContext(bool IncludeDeclaration);

internal sealed record ReferenceParams(TextDocumentIdentifier TextDocument, Position Position, ReferenceContext? Context);

internal sealed record DocumentSymbolParams(TextDocumentIdentifier TextDocument);

internal sealed record DocumentFormattingParams(TextDocumentIdentifier TextDocument);

internal sealed record DocumentRangeFormattingParams(TextDocumentIdentifier TextDocument, Range Range);

/// <param name="Only">The kinds of action the client asks for; null for all.</param>
internal sealed record CodeActionContext(string[]? Only);

internal sealed record CodeActionParams(TextDocumentIdentifier TextDocument, Range Range, CodeActionContext? Context);

internal sealed record WorkspaceEdit(Dictionary<string, TextEdit[]> Changes);

internal sealed record CodeAction(string Title, string Kind, Diagnostic[] Diagnostics, bool IsPreferred, WorkspaceEdit Edit);

internal sealed record SemanticTokensParams(TextDocumentIdentifier TextDocument);

/// <param name="Data">Five numbers a token: line and start relative to the token before, length, type, modifier bits.</param>
internal sealed record SemanticTokensResult(int[] Data);

internal sealed record MarkupContent(string Kind, string Value);

internal sealed record Hover(MarkupContent Contents, Range Range);

/// <param name="InsertTextFormat">1: plain text, 2: a snippet.</param>
internal sealed record CompletionItem(string Label, int Kind, string? Detail, string? InsertText, int? InsertTextFormat);

internal sealed record DocumentSymbol(string Name, string? Detail, int Kind, Range Range, Range SelectionRange, DocumentSymbol[] Children);

internal sealed record TextEdit(Range Range, string NewText);

/// <param name="Severity">1: error, 2: warning.</param>
/// <param name="Data">The message and hint as `policy check --format json` prints them; <see cref="Message"/> shows both.</param>
internal sealed record Diagnostic(Range Range, int Severity, string Code, string Source, string Message, DiagnosticData Data);

internal sealed record DiagnosticData(string Message, string? Hint);

internal sealed record PublishDiagnosticsParams(string Uri, int? Version, Diagnostic[] Diagnostics);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InitializeParams))]
[JsonSerializable(typeof(InitializeResult))]
[JsonSerializable(typeof(DidOpenTextDocumentParams))]
[JsonSerializable(typeof(DidChangeTextDocumentParams))]
[JsonSerializable(typeof(DidCloseTextDocumentParams))]
[JsonSerializable(typeof(TextDocumentPositionParams))]
[JsonSerializable(typeof(ReferenceParams))]
[JsonSerializable(typeof(DocumentSymbolParams))]
[JsonSerializable(typeof(DocumentFormattingParams))]
[JsonSerializable(typeof(Hover))]
[JsonSerializable(typeof(Location))]
[JsonSerializable(typeof(Location[]))]
[JsonSerializable(typeof(CompletionItem[]))]
[JsonSerializable(typeof(DocumentSymbol[]))]
[JsonSerializable(typeof(TextEdit[]))]
[JsonSerializable(typeof(DocumentRangeFormattingParams))]
[JsonSerializable(typeof(CodeActionParams))]
[JsonSerializable(typeof(CodeAction[]))]
[JsonSerializable(typeof(SemanticTokensParams))]
[JsonSerializable(typeof(SemanticTokensResult))]
[JsonSerializable(typeof(PublishDiagnosticsParams))]
[JsonSerializable(typeof(JsonElement))]
// What StreamJsonRpc itself sends in the error answer of a method that threw.
[JsonSerializable(typeof(StreamJsonRpc.Protocol.CommonErrorData))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;
