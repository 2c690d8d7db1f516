/**
 * What the REPL prints: IPython's prompts, results (JAX's repr for DeviceArrays, the runtime's
 * inspect otherwise), and errors as Python's last line plus the user's own stack frames.
 * Colour only on a TTY and never when NO_COLOR is set (https://no-color.org).
 */

import process from "node:process";
import { inspect } from "node:util";
import { blockUntilReady } from "../src/timeit.ts";
import { CellSyntaxError } from "./transform.ts";

/** Whether output to `stream` may use ANSI colours. */
export function colorFor(stream: { isTTY?: boolean }): boolean {
  let noColor: string | undefined;
  try {
    noColor = process.env.NO_COLOR;
  } catch {
    noColor = undefined;
  }
  return !!stream.isTTY && !noColor;
}

const paint = (code: string, s: string, on: boolean) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** `In [n]: ` (IPython's colours: green, number bold). */
export function inPrompt(n: number, color: boolean): string {
  return `${paint("32", "In [", color)}${paint("1;32", String(n), color)}${
    paint("32", "]: ", color)
  }`;
}

/** The continuation prompt, `   ...: `, right-aligned under `In [n]: `. */
export function continuationPrompt(n: number, color: boolean): string {
  const width = `In [${n}]: `.length;
  return paint("32", "...: ".padStart(width), color);
}

/** `Out[n]: ` (red, number bold). */
export function outPrompt(n: number, color: boolean): string {
  return `${paint("31", "Out[", color)}${paint("1;31", String(n), color)}${
    paint("31", "]: ", color)
  }`;
}

/** Options of {@link formatValue}. */
export interface ValueStyle {
  color: boolean;
  /** `%precision`: digits after the point for non-integer numbers. */
  precision?: number;
}

/**
 * A result as the REPL shows it. DeviceArrays (and containers of them) are first waited for, so
 * their inspect-custom repr (`DeviceArray([0, 1, 2], dtype=int32)`) can read the values back;
 * everything goes through the runtime's `util.inspect`.
 */
export async function formatValue(value: unknown, style: ValueStyle): Promise<string> {
  await blockUntilReady(value);
  if (typeof value === "number" && style.precision !== undefined && !Number.isInteger(value)) {
    return value.toFixed(style.precision);
  }
  return inspect(value, { colors: style.color });
}

/** The text after `Out[n]: `: multi-line reprs start on their own line, as in IPython. */
export function outText(repr: string): string {
  return repr.includes("\n") ? `\n${repr}` : repr;
}

/** Options of {@link formatError}. */
export interface ErrorStyle {
  color: boolean;
  /** `%xmode verbose`: the whole stack, REPL and library frames included. */
  verbose: boolean;
  /** The sources the REPL compiled (cells, `%run` files) by file name. */
  sources: Map<string, string>;
  /** Paths whose frames are the REPL's or the library's, hidden unless verbose. */
  internal: string[];
}

const CELL = /^In \[\d+\]$/;

/** Splits `    at fn (loc)` / `    at loc` into parts. */
function parseFrame(line: string): { fn?: string; loc: string } | undefined {
  const m = /^\s*at (?:(.*?) \((.*)\)|(.*))$/.exec(line);
  if (!m) return undefined;
  return m[3] !== undefined ? { loc: m[3] } : { fn: m[1], loc: m[2] };
}

function isUserFrame(loc: string, internal: string[]): boolean {
  const file = loc.replace(/:\d+:\d+$/, "").replace(/^file:\/\//, "");
  if (CELL.test(file)) return true;
  if (!file.startsWith("/") || file.includes("/node_modules/")) return false;
  return !internal.some((p) => file.startsWith(p));
}

/**
 * A frame's location in code the REPL compiled (cells, `%run` files) as `file:line`, or null for
 * the wrapper's own line after the user's last. Lines are exact (every rewrite keeps them);
 * columns are not (sucrase and the rewrites move them), so they are dropped.
 */
function fixLocation(loc: string, sources: Map<string, string>): string | null {
  const m = /^(?:file:\/\/)?(.*):(\d+):(\d+)$/.exec(loc);
  if (!m) return loc;
  const src = sources.get(m[1]);
  if (src === undefined) return loc;
  if (Number(m[2]) > src.split("\n").length) return null;
  return `${m[1]}:${m[2]}`;
}

/** The headline of an error, as Python's last traceback line: `TypeError: message`. */
export function errorHeadline(e: unknown): string {
  if (e instanceof Error || (e && typeof e === "object" && "message" in e && "name" in e)) {
    const err = e as Error;
    const name = err.name || err.constructor?.name || "Error";
    return err.message ? `${name}: ${err.message}` : name;
  }
  return `Uncaught ${inspect(e)}`;
}

/** An error as the REPL prints it (Python's last line first, then the user's frames). */
export function formatError(e: unknown, style: ErrorStyle, cell?: string): string {
  const red = (s: string) => paint("1;31", s, style.color);
  if (e instanceof CellSyntaxError) {
    const src = (cell && style.sources.get(cell)) ?? "";
    const line = src.split("\n")[e.line - 1] ?? "";
    const where = cell ? `  Cell ${cell}, line ${e.line}\n` : "";
    const indent = line.length - line.trimStart().length;
    const caret = " ".repeat(Math.max(0, e.column - indent));
    return `${where}    ${line.trim()}\n    ${caret}^\n${red("SyntaxError")}: ${e.message}`;
  }
  const head = errorHeadline(e);
  const colon = head.indexOf(": ");
  const lines = [colon > 0 ? red(head.slice(0, colon)) + head.slice(colon) : red(head)];
  const stack = e instanceof Error ? String(e.stack ?? "") : "";
  for (const raw of stack.split("\n")) {
    const frame = parseFrame(raw);
    if (!frame) continue;
    if (style.verbose) {
      lines.push(raw.replace(/^\s*/, "    "));
      continue;
    }
    if (!isUserFrame(frame.loc, style.internal)) continue;
    const fn = frame.fn?.replace(/^(async )?<anonymous>$/, "") || undefined;
    const loc = fixLocation(frame.loc, style.sources);
    if (loc === null) continue;
    lines.push(fn ? `    at ${fn} (${loc})` : `    at ${loc}`);
  }
  return lines.join("\n");
}
