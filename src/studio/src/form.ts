// The "try an employee" form, generated from the draft's input schema: a drop-down for an enum (and a bool), a text
// box for a number, percent, money or date (its range and default shown), a list as comma-separated values, a list of
// records as rows of its fields. The facts are sent as the JSON text the engine's fact reader reads: a box left empty
// is left out (its default applies), numbers are sent as typed (exact decimals, never through a float).
import { h } from "./ui";
import { t } from "./i18n";

interface Field {
  name: string; type: string; kind: string; element?: string | null; elementKind?: string | null;
  low?: string | null; high?: string | null; defaultJson?: string | null; required: boolean;
  enumValues?: string[] | null; description?: string | null;
}
interface Schema {
  inputs: Field[]; records: { name: string; fields: Field[] }[]; period: string;
  example?: { title: string; factsJson: string; period: string } | null;
}
/** The form of one draft text; `text` moves on when the page itself edits the draft without changing its inputs. */
export interface SchemaForm { element: HTMLElement; text: string; factsJson(): string; period(): string; }

const plainNumber = /^-?\d+(\.\d+)?$/;

/** A scalar as typed, as JSON: an exact number as written, true/false, else a string ("6%", "2500元", "良"). */
function scalar(text: string, kind: string): string {
  const v = text.trim();
  if (kind === "number" && plainNumber.test(v)) return v;
  if (kind === "bool" && (v === "true" || v === "false")) return v;
  return JSON.stringify(v);
}

interface Control { name: string; json(): string | null; fill(value: unknown): void; element: HTMLElement; }

function recordFields(schema: Schema, type: string): Field[] | undefined {
  return schema.records.find((r) => r.name === type)?.fields;
}

/** A default as the author reads it: "0" rather than "\"0\"", [5, 20] as 5, 20. */
function shown(json: string | null | undefined): string {
  if (!json) return "";
  const value = JSON.parse(json);
  return Array.isArray(value) ? value.map(String).join(", ") : String(value);
}

function describe(field: Field): string {
  const bits: string[] = [field.type];
  if (field.low || field.high) bits.push(`${field.low ?? ""}..${field.high ?? ""}`);
  if (field.defaultJson) bits.push(t("defaultIs", shown(field.defaultJson) || "[]"));
  else if (field.required) bits.push(t("required"));
  return bits.join(" · ");
}

function scalarControl(field: Field, kind: string, id: string): Control {
  let input: HTMLInputElement | HTMLSelectElement;
  const values = field.enumValues ?? (kind === "bool" ? ["true", "false"] : null);
  if (values) {
    input = h("select", { id, name: field.name },
      h("option", { value: "" }, field.required && !field.defaultJson ? "" : t("notGiven")),
      values.map((v) => h("option", { value: v }, v)));
  } else {
    input = h("input", { id, name: field.name, type: "text", placeholder: shown(field.defaultJson), autocomplete: "off" });
  }
  return {
    name: field.name, element: input,
    json: () => input.value.trim() === "" ? null : scalar(input.value, kind),
    fill: (value) => { input.value = value === undefined || value === null ? "" : String(value); },
  };
}

function control(schema: Schema, field: Field, path: string): Control {
  const id = `fact-${path}`;
  const record = recordFields(schema, field.type);
  if (field.kind === "record" && record) {
    const parts = record.map((f) => control(schema, f, `${path}.${f.name}`));
    return {
      name: field.name,
      element: h("fieldset", { class: "record" }, parts.map((p) => row(p, record.find((f) => f.name === p.name)!))),
      json: () => {
        const given = parts.map((p) => [p.name, p.json()] as const).filter(([, v]) => v !== null);
        return given.length === 0 ? null : `{${given.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`;
      },
      fill: (value: any) => parts.forEach((p) => p.fill(value?.[p.name])),
    };
  }
  if (field.kind === "list") {
    const elementFields = field.element ? recordFields(schema, field.element) : undefined;
    if (elementFields) {
      const body = h("tbody", {});
      const rows: Control[][] = [];
      const addRow = (value?: any) => {
        const cells = elementFields.map((f) => control(schema, f, `${path}[${rows.length}].${f.name}`));
        cells.forEach((c) => c.fill(value?.[c.name]));
        const tr = h("tr", {}, cells.map((c) => h("td", {}, c.element)),
          h("td", {}, h("button", { type: "button", onclick: () => { rows.splice(rows.indexOf(cells), 1); tr.remove(); } }, t("removeRow"))));
        rows.push(cells);
        body.appendChild(tr);
      };
      return {
        name: field.name,
        element: h("div", { class: "records" },
          h("table", {}, h("thead", {}, h("tr", {}, elementFields.map((f) => h("th", { title: describe(f) }, f.name)), h("th", {}))), body),
          h("button", { type: "button", onclick: () => addRow() }, t("addRow"))),
        json: () => rows.length === 0 ? null
          : `[${rows.map((cells) => `{${cells.map((c) => [c.name, c.json()] as const).filter(([, v]) => v !== null).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`).join(",")}]`,
        fill: (value: any) => { rows.length = 0; body.replaceChildren(); (Array.isArray(value) ? value : []).forEach(addRow); },
      };
    }
    const input = h("input", { id, name: field.name, type: "text", placeholder: `${shown(field.defaultJson)}  (${t("listHint")})`, autocomplete: "off" });
    return {
      name: field.name, element: input,
      json: () => input.value.trim() === "" ? null
        : `[${input.value.split(/[,，]/).map((v) => v.trim()).filter((v) => v !== "").map((v) => scalar(v, field.elementKind ?? "text")).join(",")}]`,
      fill: (value) => { input.value = Array.isArray(value) ? value.join(", ") : ""; },
    };
  }
  return scalarControl(field, field.kind, id);
}

function row(c: Control, field: Field) {
  return h("div", { class: "fact" },
    h("label", { for: `fact-${field.name}` }, field.name),
    c.element,
    h("span", { class: "fact-type" }, describe(field)),
    field.description ? h("span", { class: "fact-description" }, field.description) : null);
}

export function schemaForm(schema: Schema, text: string): SchemaForm {
  const controls = schema.inputs.map((f) => control(schema, f, f.name));
  const period = h("input", { id: "fact-period", type: "text", value: schema.example?.period ?? "", placeholder: schema.period });
  const fill = () => {
    if (!schema.example) return;
    const facts = JSON.parse(schema.example.factsJson);
    controls.forEach((c) => c.fill(facts[c.name]));
    period.value = schema.example.period;
  };
  const element = h("form", { class: "facts", id: "facts-form", onsubmit: (e: Event) => e.preventDefault() },
    schema.example ? h("button", { type: "button", id: "fill-example", onclick: fill }, t("fillExample", schema.example.title)) : null,
    h("div", { class: "fact" }, h("label", { for: "fact-period" }, t("period")), period, h("span", { class: "fact-type" }, schema.period)),
    controls.map((c, i) => row(c, schema.inputs[i])));
  return {
    element, text,
    period: () => period.value.trim(),
    factsJson: () => `{${controls.map((c) => [c.name, c.json()] as const).filter(([, v]) => v !== null).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`,
  };
}
