/**
 * The REPL's two npm dependencies, sucrase (TypeScript → JavaScript) and acorn (JavaScript
 * parser), loaded lazily so the first prompt does not wait for them.
 *
 * Deno resolves `npm:name@version` itself; Bun does not understand `npm:` and resolves bare
 * names from node_modules. The specifiers are computed strings, so neither `deno check` nor Bun's
 * transpiler tries to resolve the branch it does not take, and the package versions live here
 * only. The small interfaces below type the part of each API the REPL uses.
 */

/** Pinned versions; package.json lists the same under "dependencies" for Bun and npm. */
export const SUCRASE = "sucrase@3.35.1";
/** Pinned acorn version. */
export const ACORN = "acorn@8.19.0";

/** The subset of sucrase's API the REPL uses. */
export interface Sucrase {
  transform(code: string, opts: Record<string, unknown>): { code: string };
}

/** An acorn AST node (loosely typed: the REPL reads a handful of fields by node type). */
export interface Node {
  type: string;
  start: number;
  end: number;
  // deno-lint-ignore no-explicit-any
  [key: string]: any;
}

/** The subset of acorn's API the REPL uses. */
export interface Acorn {
  parse(code: string, opts: Record<string, unknown>): Node;
  parseExpressionAt(code: string, pos: number, opts: Record<string, unknown>): Node;
}

declare const Bun: unknown;

function specifier(pinned: string): string {
  if (typeof Bun !== "undefined") return pinned.slice(0, pinned.lastIndexOf("@"));
  return `npm:${pinned}`;
}

async function load<T>(pinned: string): Promise<T> {
  const spec = specifier(pinned);
  try {
    return await import(spec) as T;
  } catch (e) {
    const hint = typeof Bun !== "undefined"
      ? `run \`npm install\` (package.json lists ${pinned})`
      : "Deno fetches it from the npm registry on first use";
    throw new Error(`cannot load ${spec}: ${(e as Error).message} — ${hint}`);
  }
}

let loading: Promise<{ sucrase: Sucrase; acorn: Acorn }> | undefined;

/** Loads both parsers once (concurrently); later calls share the promise. */
export function loadDeps(): Promise<{ sucrase: Sucrase; acorn: Acorn }> {
  loading ??= Promise.all([load<Sucrase>(SUCRASE), load<Acorn>(ACORN)]).then(
    ([sucrase, acorn]) => ({ sucrase, acorn }),
  );
  return loading;
}
