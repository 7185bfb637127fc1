// The VS Code client for `policy lsp`: starts the language server over stdio for .policy files, restarts it when its
// settings change, and stops it with the extension. Everything a user sees (diagnostics, hover, completion,
// formatting, outline) comes from the server; highlighting comes from syntaxes/policy.tmLanguage.json.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

async function startClient(): Promise<void> {
  const config = vscode.workspace.getConfiguration("appraisalPolicy");
  const command = config.get<string>("server.path", "policy");
  const args = config.get<string[]>("server.args", ["lsp"]);
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;

  const run = { command, args, transport: TransportKind.stdio, options: { cwd } };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: "appraisal-policy" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.policy") },
  };
  client = new LanguageClient("appraisalPolicy", "Appraisal Policy", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    // A missing `policy` command is the usual first-run mistake: say what to set instead of failing silently.
    void vscode.window.showErrorMessage(
      `Could not start the policy language server (${command} ${args.join(" ")}): ${String(error)}. ` +
        "Install the `policy` tool (see the README) or set appraisalPolicy.server.path.",
    );
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration("appraisalPolicy.server")) return;
      await client?.stop();
      await startClient();
    }),
  );
  await startClient();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
