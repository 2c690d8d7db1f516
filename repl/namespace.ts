/** `%who` and `%whos`: the user's variables, in IPython's layout, with array details. */

import { inspect } from "node:util";
import type { Engine } from "./engine.ts";

const ITEMSIZE: Record<string, number> = {
  bool: 1,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  float16: 2,
  bfloat16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  int64: 8,
  uint64: 8,
  float64: 8,
  complex64: 8,
  complex128: 16,
};

interface ArrayLikeValue {
  shape: number[];
  dtype: unknown;
  size?: number;
  nbytes?: number;
  device?: unknown;
}

/** Whether `v` looks like a DeviceArray (has a numeric `shape` and a `dtype`). */
export function isArrayValue(v: unknown): v is ArrayLikeValue {
  if (!v || typeof v !== "object") return false;
  const a = v as Partial<ArrayLikeValue>;
  return Array.isArray(a.shape) && a.dtype !== undefined &&
    typeof (v as { blockUntilReady?: unknown }).blockUntilReady === "function";
}

/** A JS type name for `%who`/`%whos`: `number`, `function`, `class`, `Array`, or the class name. */
export function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "Array";
  if (typeof v === "function") {
    return /^class[\s{]/.test(Function.prototype.toString.call(v)) ? "class" : "function";
  }
  if (typeof v === "object") {
    if (Object.prototype.toString.call(v) === "[object Module]") return "Module";
    return (v as { constructor?: { name?: string } }).constructor?.name || "Object";
  }
  return typeof v;
}

const g = globalThis as Record<string, unknown>;

/**
 * The user's variables whose type is among `args` (all of them when `args` is empty), sorted;
 * when there are none, prints IPython's message for that case and returns an empty list.
 */
function selectNames(engine: Engine, args: string, print: (s: string) => void): string[] {
  const types = args.split(/\s+/).filter(Boolean);
  const names = engine.userNames().filter((n) => !types.length || types.includes(typeName(g[n])));
  if (!names.length) {
    print(
      types.length ? "No variables match your requested type." : "Interactive namespace is empty.",
    );
  }
  return names;
}

/** `%who [type…]`: names separated as IPython does (tab, space; a newline every 9). */
export function who(engine: Engine, args: string, print: (s: string) => void): void {
  const names = selectNames(engine, args, print);
  if (!names.length) return;
  let line = "";
  let count = 0;
  for (const n of names) {
    line += `${n}\t `;
    if (++count > 8) {
      print(line);
      line = "";
      count = 0;
    }
  }
  print(line);
}

/** A device as text: its own string form if it has one, else its inspect. */
export function deviceName(d: unknown): string {
  if (typeof d === "string") return d;
  const s = String(d);
  return s.startsWith("[object ") ? inspect(d) : s;
}

function arrayInfo(a: ArrayLikeValue): string {
  // IPython: str(shape) with ',' dropped and ' ' → 'x', e.g. 100x150; a scalar shows nothing.
  const shape = a.shape.join("x");
  const size = a.size ?? a.shape.reduce((x, y) => x * y, 1);
  const dtype = String(a.dtype);
  const bytes = a.nbytes ?? size * (ITEMSIZE[dtype] ?? 4);
  let s = `${shape}: ${size} elems, type \`${dtype}\`, ${bytes} bytes`;
  if (bytes >= 100000) s += bytes < 1048576 ? ` (${bytes / 1024} kb)` : ` (${bytes / 1048576} Mb)`;
  if (a.device !== undefined) s += `, device ${deviceName(a.device)}`;
  return s;
}

/** `%whos`: a table of name, type and data (arrays: shape, size, dtype, bytes, device). */
export function whos(engine: Engine, args: string, print: (s: string) => void): void {
  const names = selectNames(engine, args, print);
  if (!names.length) return;
  const typeNames = names.map((n) => typeName(g[n]));
  const varWidth = Math.max(...names.map((n) => n.length), "Variable".length) + 3;
  const typeWidth = Math.max(...typeNames.map((t) => t.length), "Type".length) + 3;
  print(`${"Variable".padEnd(varWidth)}${"Type".padEnd(typeWidth)} Data/Info`);
  print("-".repeat(varWidth + typeWidth + "Data/Info".length + 1));
  for (let i = 0; i < names.length; i++) {
    const v = g[names[i]];
    let info: string;
    if (isArrayValue(v)) info = arrayInfo(v);
    else if (Array.isArray(v)) info = `n=${v.length}`;
    else if (typeNames[i] === "Module") info = `exports ${Object.keys(v as object).join(", ")}`;
    else {
      const s = (typeof v === "string" ? v : inspect(v, { depth: 1, breakLength: Infinity }))
        .replaceAll("\n", "\\n");
      info = s.length < 50 ? s : `${s.slice(0, 25)}<...>${s.slice(-25)}`;
    }
    print(`${names[i].padEnd(varWidth)}${typeNames[i].padEnd(typeWidth)} ${info}`);
  }
}
