// The TextMate grammar under test, headless, with the same engine VS Code uses (vscode-textmate + vscode-oniguruma):
//   1. every regex of the grammar is also a JavaScript RegExp with the `u` flag (the studio runs it in the browser);
//   2. every keyword of the lexer (grammar/Policy.g4) is scoped as a keyword when it stands alone;
//   3. every line of every policy under policies/ tokenises, none leaves an unterminated string or block comment
//      behind at the end of its file, and no character is scoped invalid.illegal;
//   4. the cases in test/cases/*.policy: assertion lines under a source line say which scopes its text carries.
// Assertion lines are comments of the language, so a case file is a policy file too:
//   //  ^^^^ keyword.other.unit      the characters above the carets (UTF-16 columns) carry that scope
//   // "分" keyword.other.unit        the first occurrence of the quoted text on the line above carries it
//   // "分"#2 !keyword.other.unit     the second occurrence, and `!` for a scope it must not carry
// A scope matches itself and any scope below it (`keyword` matches `keyword.control.appraisal-policy`).
// Exit code 0 when everything holds; otherwise each failure is printed as file(line,col): message.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import vsctm from "vscode-textmate";
import oniguruma from "vscode-oniguruma";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const extension = path.resolve(here, "..");
const repo = path.resolve(extension, "..", "..");
const grammarPath = path.join(extension, "syntaxes", "policy.tmLanguage.json");
const failures = [];
const fail = (where, message) => failures.push(`${where}: ${message}`);

// 1. JavaScript RegExps
const grammarJson = JSON.parse(fs.readFileSync(grammarPath, "utf8"));
let regexCount = 0;
(function walk(node, where) {
  if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
  if (!node || typeof node !== "object") return;
  for (const key of ["match", "begin", "end", "while"]) {
    if (typeof node[key] !== "string") continue;
    regexCount++;
    try { new RegExp(node[key], "u"); } catch (e) { fail(`${grammarPath}(${where}.${key})`, `not a JavaScript RegExp with u: ${e.message}`); }
  }
  for (const [k, v] of Object.entries(node)) walk(v, `${where}.${k}`);
})(grammarJson, "$");

const wasm = fs.readFileSync(path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm")).buffer;
await oniguruma.loadWASM(wasm);
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
  loadGrammar: async (scopeName) => scopeName === grammarJson.scopeName ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath) : null,
});
const grammar = await registry.loadGrammar(grammarJson.scopeName);

/** Tokenises text line by line; returns per line the tokens and, at the end, the rule stack left open. */
function tokenise(text) {
  let stack = vsctm.INITIAL;
  const lines = text.split(/\r?\n/).map((line) => {
    const r = grammar.tokenizeLine(line, stack, 1000);
    if (r.stoppedEarly) throw new Error("tokenising stopped early (a pattern loops)");
    stack = r.ruleStack;
    return { line, tokens: r.tokens };
  });
  return { lines, open: stack.depth > 1 };
}
const scopesAt = (tokens, col) => tokens.find((t) => t.startIndex <= col && col < t.endIndex)?.scopes ?? [];
const matches = (scopes, wanted) => scopes.some((s) => s === wanted || s.startsWith(wanted + "."));

// 2. the lexer's keywords
const lexer = fs.readFileSync(path.join(repo, "grammar", "Policy.g4"), "utf8");
const keywords = [...lexer.matchAll(/^[A-Z_]+\s*:\s*'([a-z]+)'\s*;/gm)].map((m) => m[1]);
if (keywords.length < 50) fail("grammar/Policy.g4", `found only ${keywords.length} keyword rules: has the lexer changed form?`);
for (const word of keywords) {
  const scopes = scopesAt(tokenise(word).lines[0].tokens, 0);
  if (!["keyword", "storage.type", "constant.language"].some((s) => matches(scopes, s)))
    fail(`grammar/Policy.g4`, `keyword '${word}' is scoped ${scopes.join(" ")}`);
}

// 3. the policies
function policyFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? policyFiles(path.join(dir, e.name)) : e.name.endsWith(".policy") ? [path.join(dir, e.name)] : []);
}
const policies = policyFiles(path.join(repo, "policies"));
if (policies.length === 0) fail("policies/", "no .policy files found");
let lineCount = 0;
for (const file of policies) {
  const rel = path.relative(repo, file);
  let result;
  try { result = tokenise(fs.readFileSync(file, "utf8")); } catch (e) { fail(rel, e.message); continue; }
  if (result.open) fail(rel, "a string or block comment is still open at the end of the file");
  result.lines.forEach(({ line, tokens }, i) => {
    lineCount++;
    for (const t of tokens)
      if (matches(t.scopes, "invalid")) fail(`${rel}(${i + 1},${t.startIndex + 1})`, `'${line.slice(t.startIndex, t.endIndex)}' is scoped invalid`);
  });
}

// 4. the cases
const caseDir = path.join(here, "cases");
const cases = fs.readdirSync(caseDir).filter((f) => f.endsWith(".policy")).sort();
let assertionCount = 0;
for (const name of cases) {
  const rel = path.relative(repo, path.join(caseDir, name));
  const { lines } = tokenise(fs.readFileSync(path.join(caseDir, name), "utf8"));
  let source = null;
  lines.forEach(({ line, tokens }, i) => {
    const caret = /^\s*\/\/(\s*)(\^+)\s+(.+)$/.exec(line);
    const quoted = /^\s*\/\/\s*"([^"]+)"(?:#(\d+))?\s+(.+)$/.exec(line);
    if (!caret && !quoted) { source = { line, tokens, number: i + 1 }; return; }
    if (!source) { fail(`${rel}(${i + 1})`, "an assertion before any source line"); return; }
    let start, length;
    if (caret) { start = line.indexOf("^"); length = caret[2].length; }
    else {
      const nth = Number(quoted[2] ?? 1);
      start = -1;
      for (let k = 0; k < nth; k++) { start = source.line.indexOf(quoted[1], start + 1); if (start < 0) break; }
      length = quoted[1].length;
      if (start < 0) { fail(`${rel}(${i + 1})`, `"${quoted[1]}"#${nth} is not on line ${source.number}`); return; }
    }
    for (const want of (caret ? caret[3] : quoted[3]).trim().split(/\s+/)) {
      assertionCount++;
      const negative = want.startsWith("!");
      const scope = negative ? want.slice(1) : want;
      for (let col = start; col < start + length; col++) {
        const scopes = scopesAt(source.tokens, col);
        if (matches(scopes, scope) === negative) {
          fail(`${rel}(${source.number},${col + 1})`, `'${source.line.slice(col, col + 1)}' ${negative ? "carries" : "lacks"} ${scope} (has ${scopes.join(" ")})`);
          break;
        }
      }
    }
  });
}
if (assertionCount === 0) fail("test/cases", "no assertions found");

for (const f of failures) console.log(f);
console.log(`${regexCount} regexes, ${keywords.length} keywords, ${policies.length} policies (${lineCount} lines), ${cases.length} case files (${assertionCount} assertions): ${failures.length} failures`);
process.exit(failures.length === 0 ? 0 : 1);
