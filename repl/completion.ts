/**
 * Tab completion for readline: magic names after `%`, file names after `%run`/`%load`, and
 * JavaScript names — globals (the user's variables live there) or, after a dot, the properties
 * of the object the dotted path names (`jnp.ara<Tab>` → `jnp.arange`). The path is walked by
 * property access only; nothing the user typed is evaluated.
 */

import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const KEYWORDS = [
  "async",
  "await",
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "default",
  "delete",
  "else",
  "export",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "import",
  "instanceof",
  "let",
  "new",
  "null",
  "return",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "undefined",
  "var",
  "void",
  "while",
  "yield",
];

/** All property names of `obj` and its prototypes (Object.prototype's only if asked for). */
function propertyNames(obj: unknown, includeObjectProto: boolean): string[] {
  const names = new Set<string>();
  let o: unknown = obj;
  if (o === null || o === undefined) return [];
  if (typeof o !== "object" && typeof o !== "function") o = Object(o);
  for (let p = o as object | null; p; p = Object.getPrototypeOf(p)) {
    if (!includeObjectProto && (p === Object.prototype || p === Function.prototype)) break;
    for (const k of Object.getOwnPropertyNames(p)) if (/^[A-Za-z_$][\w$]*$/.test(k)) names.add(k);
  }
  return [...names];
}

function files(partial: string, baseDir: string): string[] {
  const dir = partial.includes("/") ? partial.slice(0, partial.lastIndexOf("/") + 1) : "";
  try {
    return readdirSync(join(baseDir, dir || "."))
      .filter((f) => !f.startsWith(".") || partial.slice(dir.length).startsWith("."))
      .map((f) => {
        const p = dir + f;
        try {
          return statSync(join(baseDir, p)).isDirectory() ? `${p}/` : p;
        } catch {
          return p;
        }
      })
      .filter((p) => p.startsWith(partial));
  } catch {
    return [];
  }
}

/**
 * Completions for the text before the cursor, in readline's `[matches, replaced]` form.
 * `magics` are the magic names (without `%`).
 */
export function complete(line: string, magics: string[], baseDir: string): [string[], string] {
  const magic = /^(%%?)(\w*)$/.exec(line);
  if (magic) {
    const hits = magics.filter((m) => m.startsWith(magic[2])).map((m) => magic[1] + m);
    return [hits.sort(), line];
  }
  const file = /^%(?:run|load)\s+(\S*)$/.exec(line);
  if (file) return [files(file[1], baseDir).sort(), file[1]];
  const m = /((?:[A-Za-z_$][\w$]*\??\.)*)([A-Za-z_$][\w$]*)?$/.exec(line);
  const path = m?.[1] ?? "";
  const prefix = m?.[2] ?? "";
  if (!path) {
    if (!prefix) return [[], ""];
    const names = new Set([...propertyNames(globalThis, true), ...KEYWORDS]);
    const hits = [...names].filter((n) =>
      n.startsWith(prefix) && (prefix.startsWith("_") || !n.startsWith("__"))
    );
    return [hits.sort(), prefix];
  }
  let obj: unknown = globalThis;
  try {
    for (const key of path.replace(/\??\.$/, "").split(/\??\./)) {
      obj = (obj as Record<string, unknown>)[key];
      if (obj === null || obj === undefined) return [[], ""];
    }
  } catch {
    return [[], ""];
  }
  const names = propertyNames(obj, prefix.length > 0)
    .filter((n) => n.startsWith(prefix) && (prefix.startsWith("_") || !n.startsWith("_")));
  return [names.sort().map((n) => path + n), path + prefix];
}
