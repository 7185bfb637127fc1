// The editor: CodeMirror 6 with the policy grammar's highlighting, the language service's diagnostics as you type
// (squiggles and a problems list), its hover and completion, and the tests' coverage in the gutter.
import { EditorState, StateEffect, StateField, RangeSet } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, drawSelection, highlightActiveLine, hoverTooltip, gutter, GutterMarker } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentUnit } from "@codemirror/language";
import { linter, lintGutter, Diagnostic, forceLinting } from "@codemirror/lint";
import { autocompletion, CompletionContext, CompletionResult, snippetCompletion, completionKeymap } from "@codemirror/autocomplete";
import grammar from "policy-grammar";
import { textMateLanguage, Grammar } from "./grammar";
import { post } from "./api";
import { language } from "./i18n";

/**
 * The language service's hover (Markdown: fenced code, paragraphs with `code` and **bold**) as DOM nodes, built
 * from text nodes only: nothing of the policy text is ever read as HTML.
 */
function hoverBlocks(markdown: string): Node[] {
  const blocks: Node[] = [];
  const parts = markdown.split(/```\w*\n?/);
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      const pre = document.createElement("pre");
      pre.textContent = part.replace(/\n$/, "");
      blocks.push(pre);
      return;
    }
    for (const paragraph of part.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== "")) {
      const p = document.createElement("p");
      paragraph.split(/(`[^`]*`|\*\*[^*]*\*\*)/).forEach((piece) => {
        if (piece.startsWith("`") && piece.endsWith("`") && piece.length >= 2) {
          const code = document.createElement("code"); code.textContent = piece.slice(1, -1); p.append(code);
        } else if (piece.startsWith("**") && piece.endsWith("**") && piece.length >= 4) {
          const strong = document.createElement("strong"); strong.textContent = piece.slice(2, -2); p.append(strong);
        } else if (piece !== "") {
          p.append(document.createTextNode(piece));
        }
      });
      blocks.push(p);
    }
  });
  return blocks;
}

export interface CheckResult { diagnostics: ServiceDiagnostic[]; errors: number; warnings: number; }
export interface ServiceDiagnostic {
  severity: "error" | "warning"; code: string; message: string; hint?: string | null;
  from: { line: number; character: number }; to: { line: number; character: number };
  fixes?: QuickFix[];
}
/** A quick fix of the language service: edits of the text that was checked (positions of that text). */
export interface QuickFix { title: string; edits: { from: { line: number; character: number }; to: { line: number; character: number }; newText: string }[]; }
export interface CoverageItem { kind: string; rule: string; item: string; line: number; reached: boolean; }

const policyLanguage = textMateLanguage(grammar as unknown as Grammar);

/** An offset in the document from the language service's position (lines from 0, UTF-16 units), kept inside it. */
export function offsetOf(state: EditorState, p: { line: number; character: number }): number {
  if (p.line >= state.doc.lines) return state.doc.length;
  const line = state.doc.line(p.line + 1);
  return Math.min(line.from + p.character, line.to);
}
function positionOf(state: EditorState, offset: number) {
  const line = state.doc.lineAt(offset);
  return { line: line.number - 1, character: offset - line.from };
}

// Coverage: the lines holding an item the tests never reached, marked in a gutter of their own.
const setCoverage = StateEffect.define<CoverageItem[]>();
class MissedMarker extends GutterMarker {
  constructor(readonly items: string) { super(); }
  toDOM() {
    const mark = document.createElement("span");
    mark.className = "cm-coverage-missed";
    mark.textContent = "●";
    mark.title = this.items;
    return mark;
  }
}
const coverageField = StateField.define<RangeSet<GutterMarker>>({
  create: () => RangeSet.empty,
  update(value, tr) {
    for (const effect of tr.effects) if (effect.is(setCoverage)) {
      const byLine = new Map<number, string[]>();
      for (const item of effect.value) if (!item.reached && item.line >= 1 && item.line <= tr.state.doc.lines)
        byLine.set(item.line, [...(byLine.get(item.line) ?? []), `${item.kind}: ${item.rule} · ${item.item}`]);
      const marks = [...byLine.entries()].sort((a, b) => a[0] - b[0])
        .map(([line, items]) => new MissedMarker(items.join("\n")).range(tr.state.doc.line(line).from));
      return RangeSet.of(marks);
    }
    return tr.docChanged ? value.map(tr.changes) : value;
  },
});

/** Applies a fix made for `checked`; false (nothing done) when the text has moved on since, as the next check will answer. */
function applyFix(view: EditorView, checked: string, fix: QuickFix): boolean {
  if (view.state.doc.toString() !== checked) return false;
  view.dispatch({ changes: fix.edits.map((e) => ({ from: offsetOf(view.state, e.from), to: offsetOf(view.state, e.to), insert: e.newText })) });
  view.focus();
  return true;
}

export interface EditorHost {
  policyId(): string;
  onChecked(result: CheckResult, text: string): void;
  onChanged(text: string): void;
}

export function createEditor(parent: HTMLElement, host: EditorHost) {
  const draftOf = (state: EditorState) => ({ policyId: host.policyId(), text: state.doc.toString(), lang: language() });

  const diagnostics = linter(async (view) => {
    const text = view.state.doc.toString();
    const result: CheckResult = await post("/studio/api/check", draftOf(view.state));
    if (view.state.doc.toString() !== text) return []; // typed on meanwhile: the next check answers
    host.onChecked(result, text);
    return result.diagnostics.map((d): Diagnostic => {
      const from = offsetOf(view.state, d.from);
      const to = Math.max(from, offsetOf(view.state, d.to));
      return {
        from, to, severity: d.severity, source: d.code, message: d.hint ? `${d.message}\n${d.hint}` : d.message,
        actions: (d.fixes ?? []).map((fix) => ({ name: fix.title, apply: (v: EditorView) => { applyFix(v, text, fix); } })),
      };
    });
  }, { delay: 150 });

  const hover = hoverTooltip(async (view, pos) => {
    const p = positionOf(view.state, pos);
    const answer = await post("/studio/api/hover", { ...draftOf(view.state), ...p });
    if (!answer.markdown) return null;
    return {
      pos: offsetOf(view.state, answer.from), end: offsetOf(view.state, answer.to), above: true,
      create: () => {
        const dom = document.createElement("div");
        dom.className = "cm-policy-hover";
        dom.append(...hoverBlocks(answer.markdown));
        return { dom };
      },
    };
  });

  async function complete(context: CompletionContext): Promise<CompletionResult | null> {
    const word = context.matchBefore(/[\p{L}\p{N}_]*/u);
    if (!context.explicit && (!word || word.from === word.to) && !/[.:]$/.test(context.state.sliceDoc(context.pos - 1, context.pos))) return null;
    const answer = await post("/studio/api/complete", { ...draftOf(context.state), ...positionOf(context.state, context.pos) });
    const options = answer.items.map((i: any) => i.snippet
      ? snippetCompletion(i.insertText.replace(/\$\{(\d+):([^}]*)\}/g, "#{$2}").replace(/\$(\d+)/g, "#{}"), { label: i.label, detail: i.detail ?? undefined, type: "text" })
      : { label: i.label, apply: i.insertText ?? undefined, detail: i.detail ?? undefined, type: i.kind === "keyword" ? "keyword" : i.kind === "function" ? "function" : i.kind === "type" ? "type" : "variable" });
    return { from: word ? word.from : context.pos, options, validFor: /^[\p{L}\p{N}_]*$/u };
  }

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: "",
      extensions: [
        lineNumbers(), gutter({ class: "cm-coverage-gutter", markers: (v) => v.state.field(coverageField) }), coverageField,
        history(), drawSelection(), highlightActiveLine(), bracketMatching(), indentUnit.of("  "),
        policyLanguage, syntaxHighlighting(defaultHighlightStyle),
        diagnostics, lintGutter(), hover, autocompletion({ override: [complete] }),
        keymap.of([...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
        EditorView.updateListener.of((u) => { if (u.docChanged) host.onChanged(u.state.doc.toString()); }),
        EditorView.contentAttributes.of({ "aria-label": "policy" }),
      ],
    }),
  });

  return {
    view,
    text: () => view.state.doc.toString(),
    setText(text: string) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, effects: setCoverage.of([]) });
    },
    showCoverage(items: CoverageItem[]) { view.dispatch({ effects: setCoverage.of(items) }); },
    recheck() { forceLinting(view); },
    applyFix(checked: string, fix: QuickFix) { return applyFix(view, checked, fix); },
    goTo(line: number) {
      const at = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines)).from;
      view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
      view.focus();
    },
  };
}
