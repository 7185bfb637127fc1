using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Appraisal.Cli.Lsp;
using Appraisal.Policy.Diagnostics;
using Microsoft.VisualStudio.Threading;
using StreamJsonRpc;

namespace Appraisal.Cli;

/// <summary>
/// <c>policy lsp [--lang en|zh]</c>: a language server for policy files, speaking the Language Server Protocol
/// (JSON-RPC with Content-Length headers) over stdin and stdout until the client sends <c>exit</c> or closes stdin.
/// Stdout carries protocol messages only; anything else goes to stderr. Exit code 0 after shutdown and exit, 1 otherwise.
/// </summary>
internal sealed class LspCommand : Command
{
    private readonly Option<string> _language = CommonOptions.Language();

    public LspCommand() : base("lsp", "Run a language server for policy files over stdin/stdout (the Language Server Protocol).")
    {
        _language.Description = "Language of diagnostics and hovers (default: the editor's, from initialize)";
        Options.Add(_language);
        SetAction(Run);
    }

    private int Run(ParseResult parseResult)
    {
        var stderr = parseResult.InvocationConfiguration.Error;
        var language = CommonOptions.GetLanguage(parseResult, _language);
        var chosen = parseResult.GetResult(_language) is { Implicit: false } ? language : (Language?)null;
        return Serve(Console.OpenStandardInput(), Console.OpenStandardOutput(), stderr, language, chosen).GetAwaiter().GetResult();
    }

    // StreamJsonRpc marks its System.Text.Json formatter and reflection-built targets as needing dynamic code. Here the
    // protocol's types are all serialised through the source-generated ProtocolJsonContext, and the target's methods are
    // kept by AddLocalRpcTarget<T>'s annotations; the Native AOT tool was run through a whole conversation (initialize,
    // didOpen with its diagnostics, hover, an invalid-params and an unknown-method error, shutdown, exit 0).
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Messages go through ProtocolJsonContext; checked under Native AOT.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Messages go through ProtocolJsonContext; target methods kept by AddLocalRpcTarget<T>.")]
    private static async Task<int> Serve(Stream input, Stream output, TextWriter stderr, Language language, Language? chosen)
    {
        var server = new LanguageServer(language, chosen);
        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, ProtocolJsonContext.Default);
        formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        formatter.JsonSerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(output, input, formatter));
        rpc.TraceSource = LanguageServer.Trace(stderr);
        // One message at a time, in the order they came: an edit is applied before the hover that follows it.
        rpc.SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false);
        rpc.AddLocalRpcTarget<LanguageServer>(server, new JsonRpcTargetOptions { DisposeOnDisconnect = false });
        server.Attach(rpc);
        rpc.StartListening();

        var ended = await Task.WhenAny(server.Exited, rpc.Completion);
        if (ended == rpc.Completion && rpc.Completion.IsFaulted)
        {
            stderr.WriteLine($"policy lsp: the connection failed: {rpc.Completion.Exception?.GetBaseException().Message}");
            return ExitCodes.Failure;
        }
        return server.Exited.IsCompleted && server.ShutDown ? ExitCodes.Success : ExitCodes.Failure;
    }
}
