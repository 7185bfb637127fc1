// A TextMate grammar (the one the VS Code extension ships, src/vscode/syntaxes/policy.tmLanguage.json) interpreted
// as a CodeMirror stream language. The grammar keeps to `match`, `begin`/`end` (with `patterns`), `include` ("#name",
// "$self") and `captures`, with regexes valid in JavaScript with the `u` flag; that is all this reads.
import { StreamLanguage, StringStream } from "@codemirror/language";

interface Rule {
  match?: string; begin?: string; end?: string; name?: string; contentName?: string;
  captures?: Record<string, { name?: string }>; beginCaptures?: Record<string, { name?: string }>;
  endCaptures?: Record<string, { name?: string }>; patterns?: Rule[]; include?: string;
}
export interface Grammar { scopeName: string; patterns: Rule[]; repository?: Record<string, Rule>; }

/** A rule entered by its `begin`, waiting for its `end`. */
interface Frame { rule: Rule; }
interface State { stack: Frame[]; pending: { end: number; style: string | null }[]; }

const compiled = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let r = compiled.get(source);
  if (!r) { r = new RegExp(source, "dgu"); compiled.set(source, r); }
  return r;
}

/** A scope name (keyword.control.policy) as a CodeMirror highlighting tag name. */
export function styleOf(scope: string | undefined): string | null {
  if (!scope) return null;
  const s = scope.split(" ")[0];
  const rules: [string, string][] = [
    ["comment", "comment"], ["string", "string"], ["constant.numeric", "number"], ["constant.language", "bool"],
    ["constant", "atom"], ["keyword.operator", "operator"], ["keyword", "keyword"], ["storage.type", "typeName"],
    ["storage", "keyword"], ["support.type", "typeName"], ["entity.name.type", "typeName"],
    ["entity.name.function", "function(variableName)"], ["support.function", "function(variableName)"],
    ["entity.name", "definition(variableName)"], ["variable.other.property", "propertyName"], ["variable", "variableName"],
    ["punctuation", "punctuation"], ["meta.brace", "brace"], ["invalid", "invalid"],
  ];
  for (const [prefix, tag] of rules) if (s === prefix || s.startsWith(prefix + ".")) return tag;
  return null;
}

export function textMateLanguage(grammar: Grammar) {
  const repository = grammar.repository ?? {};

  /** The rules a list of patterns stands for, includes expanded (once each, so a cycle ends). */
  function expand(patterns: Rule[] | undefined, seen = new Set<Rule>()): Rule[] {
    const out: Rule[] = [];
    for (const p of patterns ?? []) {
      if (p.include !== undefined) {
        const target = p.include === "$self" || p.include === "$base" ? { patterns: grammar.patterns } as Rule
          : p.include.startsWith("#") ? repository[p.include.slice(1)] : undefined;
        if (target && !seen.has(target)) { seen.add(target); out.push(...expand(target.match || target.begin ? [target] : target.patterns, seen)); }
      } else if (p.match !== undefined || p.begin !== undefined) out.push(p);
      else if (p.patterns) out.push(...expand(p.patterns, seen));
    }
    return out;
  }
  const expanded = new Map<Rule[] | undefined, Rule[]>();
  const rulesOf = (patterns: Rule[] | undefined) => {
    let r = expanded.get(patterns);
    if (!r) { r = expand(patterns); expanded.set(patterns, r); }
    return r;
  };

  /** The pieces of a match as [end offset, style] from its position: each capture's scope, else the rule's. */
  function pieces(m: RegExpExecArray, name: string | undefined, captures: Rule["captures"]): State["pending"] {
    const start = m.index, end = m.index + m[0].length;
    const whole = styleOf(name ?? captures?.["0"]?.name);
    const indices = (m as any).indices as ([number, number] | undefined)[] | undefined;
    const marks: { from: number; to: number; style: string | null }[] = [];
    if (captures && indices) {
      for (const key of Object.keys(captures)) {
        const i = Number(key);
        const range = indices[i];
        if (i > 0 && range && range[1] > range[0]) marks.push({ from: range[0], to: range[1], style: styleOf(captures[key].name) });
      }
      marks.sort((a, b) => a.from - b.from);
    }
    const out: State["pending"] = [];
    let at = start;
    for (const mark of marks) {
      if (mark.from < at) continue; // nested captures: the outer one wins
      if (mark.from > at) out.push({ end: mark.from, style: whole });
      out.push({ end: mark.to, style: mark.style ?? whole });
      at = mark.to;
    }
    if (at < end) out.push({ end, style: whole });
    return out;
  }

  function token(stream: StringStream, state: State): string | null {
    const line = stream.string;
    if (state.pending.length > 0) {
      const next = state.pending.shift()!;
      stream.pos = Math.max(next.end, stream.pos + 1);
      return next.style;
    }
    const top = state.stack[state.stack.length - 1];
    const inside = top ? styleOf(top.rule.contentName ?? top.rule.name) : null;
    const candidates = rulesOf(top ? top.rule.patterns : grammar.patterns);
    let best: { m: RegExpExecArray; rule: Rule | null } | null = null;
    const consider = (source: string, rule: Rule | null) => {
      const r = regex(source);
      r.lastIndex = stream.pos;
      const m = r.exec(line);
      if (m && (!best || m.index < best.m.index)) best = { m, rule };
    };
    if (top?.rule.end) consider(top.rule.end, null);
    for (const rule of candidates) consider((rule.match ?? rule.begin)!, rule);
    const found = best as { m: RegExpExecArray; rule: Rule | null } | null;
    if (!found) { stream.skipToEnd(); return inside; }
    if (found.m.index > stream.pos) { stream.pos = found.m.index; return inside; }
    if (found.m[0].length === 0) {
      // An empty match (a lookahead): an end closes its rule, a begin opens one; otherwise step over one character.
      if (found.rule === null) { state.stack.pop(); return token(stream, state); }
      if (found.rule.begin !== undefined && state.stack.length < 64) { state.stack.push({ rule: found.rule }); return token(stream, state); }
      stream.next();
      return inside;
    }
    if (found.rule === null) {
      const closing = state.stack.pop()!.rule;
      state.pending = pieces(found.m, closing.name, closing.endCaptures ?? closing.captures);
    } else if (found.rule.begin !== undefined) {
      state.pending = pieces(found.m, found.rule.name, found.rule.beginCaptures ?? found.rule.captures);
      if (state.stack.length < 64) state.stack.push({ rule: found.rule });
    } else {
      state.pending = pieces(found.m, found.rule.name, found.rule.captures);
    }
    return token(stream, state);
  }

  return StreamLanguage.define<State>({
    name: "policy",
    startState: () => ({ stack: [], pending: [] }),
    copyState: (s) => ({ stack: s.stack.slice(), pending: s.pending.slice() }),
    token,
    languageData: { commentTokens: { line: "//", block: { open: "/*", close: "*/" } } },
  });
}
