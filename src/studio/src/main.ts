// The policy studio: the list of policies → the editor (a draft) → its problems, tests, an employee tried, the impact
// on a team, and publishing. The draft stays in this page until it is published through the service's :publish.
import "./studio.css";
import { h, replace } from "./ui";
import { get, post, postText, policyPath, setToken, whenUnauthorized, HttpError } from "./api";
import { t, language, setLanguage, Word } from "./i18n";
import { createEditor, CheckResult, CoverageItem } from "./editor";
import { schemaForm, SchemaForm } from "./form";

const $ = (id: string) => document.getElementById(id)!;

interface Opened { policyId: string; served: string; libraries: { path: string; text: string }[]; }
let opened: Opened | null = null;
let lastCheck: { text: string; result: CheckResult } | null = null;
let lastTests: { text: string; failed: number; planned: boolean } | null = null;
let form: SchemaForm | null = null;
let lastEvaluation: { body: any; outputs: { name: string; json: string }[] } | null = null;
let tab: "problems" | "tests" | "try" | "impact" | "publish" = "problems";

const editor = createEditor($("editor"), {
  policyId: () => opened?.policyId ?? "",
  onChecked(result, text) { lastCheck = { text, result }; renderProblems(); renderPublishGate(); },
  onChanged(text) {
    $("draft-state").textContent = opened && text !== opened.served ? t("draftChanged") : t("draftSame");
    renderPublishGate();
  },
});

function errorText(e: unknown): string {
  if (e instanceof HttpError) {
    const facts = e.body?.facts as { path: string; message: string }[] | undefined;
    const details = e.body?.details?.flatMap((d: any) => d.fieldViolations ?? []).map((v: any) => v.description) ?? [];
    return [e.message, ...(facts ?? []).map((f) => f.message), ...details].join("\n");
  }
  return String(e);
}

// ---------------------------------------------------------------------------------------------------------------
// Chrome: the words, the language switch, the token prompt

function translate() {
  document.title = t("title");
  document.querySelectorAll<HTMLElement>("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n as Word); });
  $("language").textContent = t("switchLanguage");
}

$("language").addEventListener("click", () => {
  setLanguage(language() === "zh" ? "en" : "zh");
  translate();
  loadPolicies();
  if (opened) { editor.recheck(); renderTab(); }
});

function askForToken(message?: string) {
  $("app").hidden = true;
  $("token-prompt").hidden = false;
  $("token-error").textContent = message ?? "";
  ($("token") as HTMLInputElement).focus();
}
whenUnauthorized(() => askForToken(sessionStorage.getItem("studio.token") ? t("tokenRefused") : ""));
$("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  setToken(($("token") as HTMLInputElement).value.trim());
  $("token-prompt").hidden = true;
  start();
});

// ---------------------------------------------------------------------------------------------------------------
// Policies

const statusWord = (status: string) => status.replace("POLICY_STATUS_", "");

async function loadPolicies() {
  const reply = await get(`/v1/policies?language=${language() === "zh" ? "LANGUAGE_ZH" : "LANGUAGE_EN"}`);
  $("app").hidden = false;
  replace($("policy-list"), (reply.policies ?? []).map((p: any) => {
    const status = statusWord(p.status ?? "");
    const publications = p.publications ?? [];
    return h("li", { class: opened?.policyId === p.id ? "policy open" : "policy" },
      h("button", { class: "policy-open", "data-policy": p.id, onclick: () => openPolicy(p.id) },
        h("span", { class: "policy-name" }, p.name || p.id),
        h("span", { class: `status status-${status.toLowerCase()}` }, status)),
      h("div", { class: "policy-meta" }, `${p.id} · ${t("version")} ${p.declaredVersion || "—"} (${(p.version || "—").slice(0, 8)})`),
      h("details", { class: "publications" }, h("summary", {}, `${t("publications")} (${publications.length})`),
        publications.length === 0 ? h("div", {}, t("noPublications"))
          : h("ol", {}, publications.map((pub: any) => h("li", {}, `#${pub.id} ${pub.effectiveFrom} · ${pub.version.slice(0, 8)} · ${pub.publishedBy} · ${pub.message}`)))));
  }));
}

async function openPolicy(id: string) {
  const source = await get(`/studio/api/source?policyId=${encodeURIComponent(id)}`);
  opened = { policyId: id, served: source.text, libraries: source.libraries ?? [] };
  lastCheck = null; lastTests = null; form = null; lastEvaluation = null;
  $("save-test").hidden = true; $("statement-button").hidden = true;
  $("welcome").hidden = true;
  $("workspace").hidden = false;
  $("policy-title").textContent = id;
  $("policy-status").textContent = source.status;
  editor.setText(source.text);
  document.querySelectorAll(".policy").forEach((li) => li.classList.toggle("open", li.querySelector<HTMLElement>(".policy-open")?.dataset.policy === id));
  showTab("problems");
}

$("format").addEventListener("click", async () => {
  const answer = await post("/studio/api/format", { policyId: opened!.policyId, text: editor.text() });
  if (answer.changed) editor.setText(answer.text);
});
$("revert").addEventListener("click", () => { if (opened) editor.setText(opened.served); });

// ---------------------------------------------------------------------------------------------------------------
// Tabs

function showTab(name: typeof tab) {
  tab = name;
  document.querySelectorAll<HTMLElement>(".tab").forEach((b) => b.classList.toggle("active", b.dataset.tab === name));
  document.querySelectorAll<HTMLElement>(".panel").forEach((p) => { p.hidden = p.id !== `panel-${name}`; });
  renderTab();
}
document.querySelectorAll<HTMLElement>(".tab").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab as typeof tab)));

function renderTab() {
  if (tab === "problems") renderProblems();
  if (tab === "try") renderTry();
  if (tab === "publish") renderPublishGate();
}

function renderProblems() {
  const panel = $("problems");
  if (!lastCheck) { replace(panel, h("p", {}, t("checking"))); return; }
  const { diagnostics, errors, warnings } = lastCheck.result;
  $("problem-count").textContent = errors + warnings > 0 ? String(errors + warnings) : "";
  replace(panel,
    h("p", { class: "summary", id: "problems-summary" }, diagnostics.length === 0 ? t("noProblems") : t("errorsWarnings", errors, warnings)),
    h("ul", { class: "problems" }, diagnostics.map((d) => h("li", { class: `problem ${d.severity}`, onclick: () => editor.goTo(d.from.line + 1) },
      h("span", { class: "where" }, `${d.from.line + 1}:${d.from.character + 1}`), " ", h("code", {}, d.code), " ", d.message,
      d.hint ? h("div", { class: "hint" }, d.hint) : null,
      (d.fixes ?? []).map((fix) => h("button", {
        type: "button", class: "fix", title: t("quickFix"),
        onclick: (e: Event) => { e.stopPropagation(); editor.applyFix(lastCheck!.text, fix); },
      }, fix.title))))));
}

// ---------------------------------------------------------------------------------------------------------------
// Tests

$("run-tests").addEventListener("click", runTests);
async function runTests() {
  const text = editor.text();
  replace($("test-results"), h("p", {}, t("loading")));
  const answer = await post("/studio/api/test", { policyId: opened!.policyId, text, lang: language() });
  lastTests = { text, failed: answer.failed, planned: answer.planned };
  renderPublishGate();
  if (!answer.planned) { replace($("test-results"), h("p", { class: "summary bad" }, t("testsNotRun"))); editor.showCoverage([]); return; }
  const coverage: CoverageItem[] = answer.coverage;
  editor.showCoverage(coverage);
  replace($("test-results"),
    h("p", { class: answer.failed > 0 ? "summary bad" : "summary good", id: "tests-summary" }, t("testsSummary", answer.passed, answer.failed)),
    h("ul", { class: "cases" }, answer.cases.map((c: any) => h("li", { class: c.passed ? "case pass" : "case fail" },
      h("span", { class: "verdict" }, c.passed ? t("pass") : t("fail")), " ",
      h("a", { href: "#", onclick: (e: Event) => { e.preventDefault(); editor.goTo(c.line); } }, c.title),
      c.error ? h("div", { class: "fault" }, `${c.error.line}: ${c.error.message}`) : null,
      c.mismatches.length > 0 ? h("table", { class: "mismatches" },
        h("tr", {}, h("th", {}, t("output")), h("th", {}, t("expected")), h("th", {}, t("actual"))),
        c.mismatches.map((m: any) => h("tr", {}, h("td", {}, m.output), h("td", { class: "expected" }, m.expected), h("td", { class: "actual" }, m.actual)))) : null,
      c.constraints.map((m: string) => h("div", { class: "fault" }, m))))),
    h("p", { class: "coverage", id: "coverage-summary" }, t("coverage", coverage.length, coverage.filter((c) => c.reached).length)),
    h("ul", { class: "missed" }, coverage.filter((c) => !c.reached).map((c) => h("li", { onclick: () => editor.goTo(c.line) },
      `${t("notReached")}${c.line}: ${c.kind} · ${c.rule} · ${c.item}`))));
}

// ---------------------------------------------------------------------------------------------------------------
// Try an employee

async function renderTry() {
  const text = editor.text();
  if (form && form.text === text) return;
  const schema = await post("/studio/api/schema", { policyId: opened!.policyId, text });
  if (!schema.planned) { replace($("try-form"), h("p", { class: "bad" }, t("draftHasErrors"))); form = null; return; }
  form = schemaForm(schema, text);
  replace($("try-form"), form.element);
}

$("evaluate").addEventListener("click", async () => {
  if (!form) return;
  const body = { policyId: opened!.policyId, text: editor.text(), factsJson: form.factsJson(), period: form.period(), lang: language() };
  try {
    const answer = await post("/studio/api/evaluate", body);
    if (answer.fault) { replace($("try-result"), h("p", { class: "fault" }, t("fault") + answer.fault.message)); return; }
    replace($("try-result"),
      h("table", { class: "outputs", id: "outputs" }, answer.outputs.map((o: any) => h("tr", { "data-output": o.name }, h("th", {}, o.name), h("td", {}, o.value)))),
      h("h3", {}, t("explanation")), h("pre", { class: "explanation", id: "explanation" }, answer.explanation));
    $("statement-button").hidden = false;
    $("save-test").hidden = false;
    $("save-test-result").textContent = "";
    lastEvaluation = { body, outputs: answer.outputs };
  } catch (e) {
    replace($("try-result"), h("pre", { class: "fault" }, errorText(e)));
  }
});

// The employee tried, kept as a test case of the draft: the service writes the case (given, expect, period), appends
// it and runs it on the new text; the page takes that text as the draft's next edit.
$("save-test-button").addEventListener("click", async () => {
  if (!lastEvaluation || !form) return;
  const result = $("save-test-result");
  try {
    const answer = await post("/studio/api/save-test", { ...lastEvaluation.body, text: editor.text(), title: ($("case-title") as HTMLInputElement).value });
    editor.setText(answer.text);
    form.text = answer.text;
    lastEvaluation.body.text = answer.text;
    editor.goTo(answer.line);
    result.className = "good";
    result.textContent = t("savedAsTest", answer.title, answer.line) + (answer.skipped.length > 0 ? " · " + t("notExpected", answer.skipped.join(", ")) : "");
  } catch (e) {
    result.className = "bad";
    result.textContent = t("failed") + errorText(e);
  }
});

$("statement-button").addEventListener("click", async () => {
  if (!lastEvaluation) return;
  const html = await postText("/studio/api/statement", lastEvaluation.body);
  const frame = h("iframe", { class: "statement", id: "statement-frame", sandbox: "", title: t("statement") }) as HTMLIFrameElement;
  frame.srcdoc = html;
  replace($("statement"), frame);
});

// ---------------------------------------------------------------------------------------------------------------
// Impact

function base64(bytes: ArrayBuffer): string {
  let binary = "";
  const view = new Uint8Array(bytes);
  for (let i = 0; i < view.length; i += 0x8000) binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(binary);
}
function fromBase64(text: string): string {
  return new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
}

$("diff").addEventListener("click", async () => {
  const file = ($("team-file") as HTMLInputElement).files?.[0];
  const recorded = ($("recorded-period") as HTMLInputElement).value.trim();
  const body: any = {
    newSource: editor.text(), newLibraries: opened!.libraries, format: "DIFF_FORMAT_HTML",
    language: language() === "zh" ? "LANGUAGE_ZH" : "LANGUAGE_EN", period: ($("diff-period") as HTMLInputElement).value.trim(),
  };
  if (file) body[file.name.toLowerCase().endsWith(".xlsx") ? "teamXlsx" : "teamCsv"] = base64(await file.arrayBuffer());
  else if (recorded) { body.recordedPeriod = recorded; body.period = recorded; }
  replace($("diff-result"), h("p", {}, t("loading")));
  try {
    const reply = await post(`/v1/policies/${policyPath(opened!.policyId)}:diff`, body);
    const report = JSON.parse(reply.reportJson);
    const subjects = (report.subjects ?? []) as { subject: string; changes: { output: string; old: string; new: string; delta: string | null }[] }[];
    const frame = h("iframe", { class: "report", sandbox: "", title: t("fullReport") }) as HTMLIFrameElement;
    frame.srcdoc = fromBase64(reply.report);
    replace($("diff-result"),
      h("p", { class: "summary", id: "diff-summary" }, t("diffSummary", reply.subjects ?? 0, reply.changed ?? 0)),
      h("table", { class: "changes", id: "diff-table" },
        h("tr", {}, [t("subject"), t("output"), t("oldValue"), t("newValue"), t("delta")].map((w) => h("th", {}, w))),
        subjects.flatMap((s) => s.changes.map((c) => h("tr", {}, h("td", {}, s.subject), h("td", {}, c.output), h("td", {}, c.old), h("td", {}, c.new), h("td", {}, c.delta ?? ""))))),
      h("h3", {}, t("fullReport")), frame);
  } catch (e) {
    replace($("diff-result"), h("pre", { class: "fault" }, t("failed") + errorText(e)));
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Publish

function publishable(): boolean {
  const text = editor.text();
  return !!opened && lastCheck?.text === text && lastCheck.result.errors === 0
    && lastTests?.text === text && lastTests.planned && lastTests.failed === 0;
}
function renderPublishGate() {
  ($("publish-button") as HTMLButtonElement).disabled = !publishable();
}
$("publish-button").addEventListener("click", async () => {
  const body = {
    source: editor.text(), libraries: opened!.libraries, effectiveFrom: ($("effective-from") as HTMLInputElement).value,
    message: ($("publish-message") as HTMLTextAreaElement).value, language: language() === "zh" ? "LANGUAGE_ZH" : "LANGUAGE_EN",
  };
  try {
    const reply = await post(`/v1/policies/${policyPath(opened!.policyId)}:publish`, body);
    const p = reply.publication;
    $("publish-result").className = "good";
    $("publish-result").textContent = t("published", p.id, p.version, p.effectiveFrom);
    loadPolicies();
  } catch (e) {
    $("publish-result").className = "bad";
    $("publish-result").textContent = t("failed") + errorText(e);
  }
});
($("effective-from") as HTMLInputElement).value = new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------------------

function start() {
  loadPolicies().catch((e) => { if (!(e instanceof HttpError && e.status === 401)) $("welcome").textContent = errorText(e); });
}
setLanguage(language());
translate();
start();
