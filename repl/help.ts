/**
 * `obj?` and `obj??` (IPython's pinfo / pinfo2): signature, JSDoc, file and type; `??` adds the
 * source. JSDoc is not available at run time, so a doc index is built — lazily, on the first
 * `?` — by scanning the library's TypeScript sources (mod.ts and src/) and the session's cells for
 * `/** … *\/` comments in front of declarations. Namespaces (`jnp.arange`) prefer the entry in
 * the directory that mod.ts's `export * as jnp from "…"` points to.
 */

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import type { MagicContext } from "./magics.ts";
import { isArrayValue, typeName } from "./namespace.ts";
import { importedFiles } from "./resolve.ts";
import { blockUntilReady } from "../src/timeit.ts";

const REPO_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** One documented declaration. */
export interface DocEntry {
  name: string;
  file: string;
  line: number;
  doc: string;
  /** The declaration's head, e.g. `function arange(start: number, …): DeviceArray`. */
  signature: string;
  /** Top-level declaration (vs a class member). */
  topLevel: boolean;
}

const DOC_RE = new RegExp(
  String.raw`/\*\*((?:[^*]|\*(?!/))*)\*/\s*` +
    String.raw`(?:(?:export\s+)?(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(?:async\s+)?` +
    String.raw`(function\*?|class|interface|type|const|let|var|enum)\s+([A-Za-z_$][\w$]*)` +
    String
      .raw`|(?:(?:public|private|protected|static|readonly|override|abstract|async|get|set)\s+)*` +
    String.raw`([A-Za-z_$][\w$]*)\s*[(<:?=])`,
  "g",
);

/** The text of a JSDoc comment without its `*` margins. */
function cleanDoc(raw: string): string {
  return raw.split("\n").map((l) => l.replace(/^\s*\* ?/, "").trimEnd()).join("\n").trim();
}

/** The declaration head from `pos`: up to a `{` body or `=`/`;` at bracket depth 0. */
function headAt(src: string, pos: number): string {
  let depth = 0;
  let i = pos;
  for (; i < src.length && i < pos + 2000; i++) {
    const c = src[i];
    if ("([<".includes(c)) depth++;
    else if (")]>".includes(c) && !(c === ">" && src[i - 1] === "=")) depth--;
    else if (depth <= 0 && (c === "{" || c === ";" || (c === "=" && src[i + 1] !== ">"))) break;
  }
  return src.slice(pos, i).replace(/\s+/g, " ").replace(/^export\s+(declare\s+)?/, "").trim();
}

/** Scans one TypeScript source for documented declarations. */
export function scanSource(src: string, file: string): DocEntry[] {
  const out: DocEntry[] = [];
  for (const m of src.matchAll(DOC_RE)) {
    const name = m[3] ?? m[4];
    if (!name || ["if", "for", "while", "return", "switch"].includes(name)) continue;
    const declStart = m.index! + m[0].indexOf("*/") + 2;
    const start = src.slice(declStart).search(/\S/) + declStart;
    out.push({
      name,
      file,
      line: src.slice(0, start).split("\n").length,
      doc: cleanDoc(m[1]),
      signature: headAt(src, start),
      topLevel: m[3] !== undefined,
    });
  }
  return out;
}

function tsFiles(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (name.endsWith(".ts")) out.push(p);
  }
  return out;
}

interface Index {
  entries: Map<string, DocEntry[]>;
  namespaces: Map<string, string>;
}

let index: Index | undefined;

/** The library's doc index, built on first use. */
function libraryIndex(): Index {
  if (index) return index;
  const entries = new Map<string, DocEntry[]>();
  const namespaces = new Map<string, string>();
  const files = [join(REPO_ROOT, "mod.ts")].filter(existsSync);
  if (existsSync(join(REPO_ROOT, "src"))) tsFiles(join(REPO_ROOT, "src"), files);
  for (const file of files) {
    const src = readFileSync(file, "utf8");
    for (const e of scanSource(src, file)) {
      const list = entries.get(e.name) ?? [];
      list.push(e);
      entries.set(e.name, list);
    }
    for (const m of src.matchAll(/export \* as (\w+) from ["'](.+?)["']/g)) {
      namespaces.set(m[1], dirname(join(dirname(file), m[2])) + "/");
    }
  }
  index = { entries, namespaces };
  return index;
}

/** The best documentation for `expr` (e.g. `jnp.arange`), if any. */
export function findDoc(
  expr: string,
  cells: string[],
  value: unknown,
  fromLibrary: boolean,
): DocEntry | undefined {
  const parts = expr.split(".");
  const name = parts[parts.length - 1];
  // The user's own cells first, the latest definition winning.
  for (let i = cells.length - 1; i >= 1; i--) {
    const hit = scanSource(cells[i] ?? "", `In [${i}]`).find((e) => e.name === name);
    if (hit) return hit;
  }
  // Then the files the session imported (read afresh: the user may be editing them).
  for (const url of [...importedFiles].reverse()) {
    const path = url.startsWith("file:") ? fileURLToPath(url) : url;
    if (path.startsWith(REPO_ROOT + "/src/") || !/\.[cm]?[jt]s$/.test(path)) continue;
    try {
      const hit = scanSource(readFileSync(path, "utf8"), path).find((e) =>
        e.name === name && e.topLevel
      );
      if (hit) return hit;
    } catch { /* deleted since */ }
  }
  // The library's index only for names reached through the library (`jnp.arange`, `jit`), so a
  // user's `square` never shows jnp.square's docs.
  if (!fromLibrary) return undefined;
  const { entries, namespaces } = libraryIndex();
  let list = entries.get(name) ?? [];
  if (!list.length && value && typeof value === "object") {
    // An instance: its class's documentation.
    for (let p = Object.getPrototypeOf(value); p && !list.length; p = Object.getPrototypeOf(p)) {
      list = (entries.get(p.constructor?.name) ?? []).filter((e) => e.topLevel);
    }
  }
  if (!list.length) return undefined;
  const dir = parts.length > 1 ? namespaces.get(parts[parts.length - 2]) : undefined;
  const rank = (e: DocEntry) => (dir && e.file.startsWith(dir) ? 0 : 2) + (e.topLevel ? 0 : 1);
  return [...list].sort((a, b) => rank(a) - rank(b))[0];
}

/** Instances of the library's classes (e.g. a DeviceArray) take their class's docs. */
function isLibraryObject(value: unknown, lib: Record<string, unknown> | null): boolean {
  if (!lib || !value || typeof value !== "object") return false;
  return Object.values(lib).some((v) =>
    typeof v === "function" && v.prototype && value instanceof v
  );
}

/** The parameter list of a function from its source text (`fn.toString()`). */
export function runtimeSignature(fn: (...args: never[]) => unknown): string {
  const src = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(src)) return "(...)";
  let s = src;
  if (/^class[\s{]/.test(s)) {
    const at = s.search(/\bconstructor\s*\(/);
    if (at < 0) return "()";
    s = s.slice(at);
  }
  const open = s.indexOf("(");
  const arrow = s.indexOf("=>");
  if (arrow >= 0 && (open < 0 || arrow < open)) {
    return `(${s.slice(0, arrow).replace(/^async\s+/, "").trim()})`;
  }
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if ("([{".includes(s[i])) depth++;
    else if (")]}".includes(s[i]) && --depth === 0) {
      return s.slice(open, i + 1).replace(/\s+/g, " ");
    }
  }
  return "(...)";
}

function block(fields: [string, string | undefined][]): string[] {
  const shown = fields.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== "");
  const width = Math.max(...shown.map(([k]) => k.length)) + 2;
  const out: string[] = [];
  for (const [k, v] of shown) {
    const label = `${k}:`.padEnd(width);
    if (k === "Docstring" || k === "Source") out.push(`${k}:`, v);
    else out.push(label + v.split("\n").join("\n" + " ".repeat(width)));
  }
  return out;
}

/** Prints `expr?` (detail false) or `expr??` (detail true) in IPython's layout. */
export async function showHelp(expr: string, detail: boolean, ctx: MagicContext): Promise<void> {
  if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(expr)) {
    ctx.print(`Object \`${expr}\` not found.`);
    return;
  }
  let value: unknown;
  try {
    value = (await ctx.engine.evaluate(expr, ctx.file)).value;
  } catch {
    ctx.print(`Object \`${expr}\` not found.`);
    return;
  }
  const root = expr.split(".")[0];
  const lib = ctx.engine.library;
  const fromLibrary =
    (!!lib && root in lib && lib[root] === (globalThis as Record<string, unknown>)[root]) ||
    isLibraryObject(value, lib);
  const entry = findDoc(expr, ctx.engine.inputs, value, fromLibrary);
  const file = entry ? `${entry.file}:${entry.line}` : undefined;
  const doc = entry?.doc || "<no docstring>";
  if (typeof value === "function") {
    const head = entry?.signature.match(
      /^(?:async\s+)?(?:function\*?\s+)?[\w$]+\s*((?:<[^(]*>)?\([\s\S]*)$/,
    );
    const sig = `${expr}${
      head && entry?.topLevel !== false ? head[1] : runtimeSignature(value as () => unknown)
    }`;
    const kind = typeName(value);
    ctx.print(
      block([
        ["Signature", sig],
        detail ? ["Source", Function.prototype.toString.call(value)] : ["Docstring", doc],
        ["File", file],
        ["Type", kind],
      ]).join("\n"),
    );
    return;
  }
  await blockUntilReady(value);
  const str = inspect(value, { depth: 1, breakLength: Infinity });
  ctx.print(
    block([
      ["Type", typeName(value)],
      ["String form", str && str.length > 200 ? `${str.slice(0, 200)}…` : str],
      [
        "Shape",
        isArrayValue(value)
          ? `(${value.shape.join(", ")}${value.shape.length === 1 ? "," : ""})`
          : undefined,
      ],
      ["Dtype", isArrayValue(value) ? String(value.dtype) : undefined],
      [
        "Length",
        Array.isArray(value) || typeof value === "string" ? String(value.length) : undefined,
      ],
      ["File", file],
      ["Docstring", doc],
    ]).join("\n"),
  );
}
