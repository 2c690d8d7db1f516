/**
 * Module specifiers in REPL input, resolved against the user's directory. `import()` inside code
 * run by `vm.runInThisContext` resolves against the REPL's own module, so the rewritten code calls
 * {@link replImport} instead, which turns every specifier into one the runtime loads as the
 * user meant it.
 */

import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

declare const Bun: { resolveSync(spec: string, from: string): string } | undefined;

/** The library's entry point: bare `jaxscript` imports get the REPL's own instance. */
export const MOD_URL = new URL("../mod.ts", import.meta.url).href;
const SELF_NAMES = new Set(["jaxscript", "@jaxscript/jaxscript"]);

/** Splits `@scope/name/sub` or `name@1.2/sub` into package name and subpath. */
function splitBare(spec: string): { name: string; sub: string } {
  const parts = spec.split("/");
  const n = spec.startsWith("@") ? 2 : 1;
  return {
    name: parts.slice(0, n).join("/").replace(/(.)@[^/]*$/, "$1"),
    sub: parts.slice(n).join("/"),
  };
}

/** The nearest `node_modules/<name>/package.json` at or above `dir`, parsed. */
function findPackage(name: string, dir: string): { version?: string } | undefined {
  for (let d = dir;; d = dirname(d)) {
    const file = join(d, "node_modules", name, "package.json");
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, "utf8"));
      } catch {
        return undefined;
      }
    }
    if (dirname(d) === d) return undefined;
  }
}

/**
 * The specifier to hand to `import()` for `spec` written in a file (or cell) in `baseDir`:
 * relative and absolute paths become file URLs; `jaxscript` becomes the REPL's `mod.ts`; bare
 * names become, on Deno, `npm:` specifiers (pinned to the version installed in the user's
 * node_modules, if any), on Bun the file `Bun.resolveSync` finds from `baseDir`.
 */
export function resolveSpecifier(spec: string, baseDir: string): string {
  if (spec.startsWith("./") || spec.startsWith("../") || spec === "." || spec === "..") {
    return pathToFileURL(resolve(baseDir, spec)).href;
  }
  if (isAbsolute(spec)) return pathToFileURL(spec).href;
  if (/^(file|https?|data|node|jsr|bun):/.test(spec)) return spec;
  if (SELF_NAMES.has(spec)) return MOD_URL;
  const isBun = typeof Bun !== "undefined";
  const bare = spec.startsWith("npm:") ? spec.slice(4) : spec;
  if (isBun) {
    const { name, sub } = splitBare(bare);
    return Bun!.resolveSync(sub ? `${name}/${sub}` : name, baseDir);
  }
  if (spec.startsWith("npm:")) return spec;
  const { name, sub } = splitBare(bare);
  const version = findPackage(name, baseDir)?.version;
  return `npm:${name}${version ? `@${version}` : ""}${sub ? `/${sub}` : ""}`;
}

/** File URLs the session has imported (help.ts looks for JSDoc in them). */
export const importedFiles: Set<string> = new Set();

/** `import()` for REPL code: resolves `spec` against `baseDir`, passes import attributes on. */
export function replImport(
  spec: string,
  baseDir: string,
  options?: { with?: Record<string, string> },
): Promise<unknown> {
  const url = resolveSpecifier(String(spec), baseDir);
  if (url.startsWith("file:")) importedFiles.add(url);
  return options ? import(url, options) : import(url);
}
