/** Argument handling shared by the transformations: names, abstract values, conversions. */

import { ShapedArray } from "../core/aval.ts";
import { DeviceArray } from "../core/array.ts";
import { scalar } from "../lax/lax.ts";
import { describeValue } from "../shape.ts";

/**
 * The parameter names of a JS function, read from its source (JAX takes them from Python's
 * signature for error messages). Returns [] when they cannot be read (rest/destructured params).
 */
export function paramNames(f: (...args: never[]) => unknown): string[] {
  const src = Function.prototype.toString.call(f);
  let m = src.match(/^\s*(?:async\s*)?(?:function\b[^(]*)?\(([^)]*)\)/);
  if (!m) {
    const arrow = src.match(/^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/);
    if (arrow) return [arrow[1]];
    m = src.match(/^[^(]*\(([^)]*)\)/);
    if (!m) return [];
  }
  const names: string[] = [];
  for (const part of m[1].split(",")) {
    const name = part.trim().replace(/\s*[:=].*$/s, "").trim();
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) return names.length ? names : [];
    names.push(name);
  }
  return names;
}

/** JAX's `check_callable`: the transformations take functions. */
export function checkCallable(f: unknown): void {
  if (typeof f !== "function") {
    throw new TypeError(`Expected a callable value, got ${describeValue(f)}`);
  }
}

/** The display name of a function for messages (`<anonymous>` when it has none). */
export function funName(f: { readonly name?: string } | ((...a: never[]) => unknown)): string {
  return (f as { name?: string }).name || "<anonymous>";
}

/**
 * A jit/vmap argument leaf as an array: arrays pass through, JS numbers become weakly-typed
 * scalars (as Python scalars do), booleans strong bool scalars; anything else is rejected.
 */
export function leafToArray(x: unknown, where: () => string): DeviceArray {
  if (x instanceof DeviceArray) return x;
  if (typeof x === "number" || typeof x === "boolean") return scalar(x);
  throw new TypeError(
    `Error interpreting argument to ${where()} as an abstract array. The problematic value is ` +
      `${describeValue(x)} of type ${typeof x}. This typically means that a jit-wrapped ` +
      `function was called with a non-array argument, and this argument was not marked as ` +
      `static using the staticArgnums or staticArgnames options of jit.`,
  );
}

/** JAX's path notation for a leaf in error messages: `x`, `b[0]`, `params['w']`. */
export function leafPaths(names: string[], args: unknown[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) v.forEach((c, i) => walk(c, `${path}[${i}]`));
    else if (
      typeof v === "object" && !(v instanceof DeviceArray) &&
      (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)
    ) {
      for (const k of Object.keys(v as object).sort()) {
        walk((v as Record<string, unknown>)[k], `${path}['${k}']`);
      }
    } else out.push(path);
  };
  args.forEach((a, i) => walk(a, names[i] ?? `args[${i}]`));
  return out;
}

export { ShapedArray };
