/**
 * Checks of the arguments JavaScript would silently drop: options objects (JAX's keyword
 * arguments) whose keys are not the function's, and positional arguments past the last one a
 * function takes. Without them `jnp.sum(x, { axes: 0 })` summed over every axis and
 * `jnp.add(x, y, z)` returned x + y; Python raises for both, and so do these checks.
 *
 * They cost one comparison on the hot paths: an options object is checked only when one is
 * passed (a loop over its few keys), extra arguments only when `arguments.length` is too large.
 */

import { describeValue } from "./shape.ts";

/** A `{ … }` literal (or `Object.create(null)`): not an array, DeviceArray or class instance. */
export function isOptionsObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Lower case without underscores: `static_argnums` and `staticArgnums` compare equal. */
function looseKey(k: string): string {
  return k.toLowerCase().replaceAll("_", "");
}

/**
 * The error for an option `fn` does not take, with the accepted ones (and the camelCase spelling
 * when the key is JAX's snake_case name of one of them).
 */
export function unexpectedOption(fn: string, key: string, accepted: readonly string[]): TypeError {
  const near = accepted.find((a) => looseKey(a) === looseKey(key));
  const hint = near ? ` (did you mean '${near}'?)` : "";
  const list = accepted.length ? `accepted: ${accepted.join(", ")}` : "it takes no options";
  return new TypeError(`${fn} got an unexpected option '${key}'${hint} (${list})`);
}

/**
 * Checks an options argument: omitted, or a plain object whose keys are all in `accepted` (any
 * keys when `accepted` is omitted).
 * `lead` is how the arguments before the options read in the hint for a misplaced axis
 * (`jnp.sum(x, 1)` → "write jnp.sum(x, { axis: 1 })").
 *
 * @throws TypeError for anything else (a number, an array, a DeviceArray, a string) or an
 * unknown key.
 */
export function checkOptions(
  fn: string,
  opts: unknown,
  accepted?: readonly string[],
  lead = "x",
): void {
  if (opts === undefined) return;
  if (!isOptionsObject(opts)) throw notAnOptionsObject(fn, opts, accepted ?? ["axis"], lead);
  if (accepted === undefined) return;
  for (const k in opts) {
    if (!accepted.includes(k)) throw unexpectedOption(fn, k, accepted);
  }
}

/** The error for a value passed where `fn` takes its options object. */
export function notAnOptionsObject(
  fn: string,
  opts: unknown,
  accepted: readonly string[],
  lead = "x",
): TypeError {
  const axis = accepted.includes("axis");
  const example = axis ? "{ axis: 1 }" : `{ ${accepted[0]}: … }`;
  const positional = typeof opts === "number" || Array.isArray(opts);
  const hint = axis && positional
    ? ` (write ${fn}(${lead}, { axis: ${describeValue(opts)} }))`
    : ` (accepted options: ${accepted.join(", ")})`;
  return new TypeError(
    `${fn}: the options argument must be an object such as ${example}, got ` +
      `${describeValue(opts)}${hint}`,
  );
}

/**
 * Python's error for too many positional arguments: "jnp.add() takes 2 positional arguments but
 * 3 were given" (`min` < `max`: "takes from 1 to 2 …").
 */
export function tooManyArguments(fn: string, min: number, max: number, given: number): TypeError {
  const takes = min === max ? `${max}` : `from ${min} to ${max}`;
  const s = max === 1 ? "" : "s";
  const were = given === 1 ? "was" : "were";
  return new TypeError(
    `${fn}() takes ${takes} positional argument${s} but ${given} ${were} given`,
  );
}

/**
 * For a function that takes at most `max` arguments and got `given` > max: throws
 * {@link tooManyArguments}, unless the two extra arguments are the (index, array) that
 * `Array.prototype.map`, `forEach` and `reduce` pass to a callback — so `xs.map(jnp.exp)` and
 * `xs.reduce(jnp.add)` keep working. `extra1`/`extra2` are `arguments[max]` and
 * `arguments[max + 1]` (passed singly so that the caller's `arguments` never escapes).
 */
export function checkExtraArguments(
  fn: string,
  min: number,
  max: number,
  given: number,
  extra1: unknown,
  extra2: unknown,
): void {
  if (given === max + 2 && typeof extra1 === "number" && Array.isArray(extra2)) return;
  throw tooManyArguments(fn, min, max, given);
}

/**
 * Splits JAX-style trailing arguments into one record: `args` are the arguments after the
 * `required` ones; the leading ones are JAX's positional-or-keyword parameters `names` (in
 * order), and an optional last plain object holds options (keys from `names` or `accepted`).
 * `min` is how many arguments the function requires, for the too-many-arguments message.
 * Giving one parameter both ways is Python's "got multiple values for argument" TypeError.
 *
 * @example
 * ```ts
 * import { splitTrailingArguments } from "./options.ts";
 * // random.uniform(key, shape, "float32", -1, 1) and random.uniform(key, shape, { minval: -1 })
 * splitTrailingArguments("random.uniform", 2, ["float32", -1, 1], ["dtype", "minval", "maxval"]);
 * // { dtype: "float32", minval: -1, maxval: 1 }
 * splitTrailingArguments("random.uniform", 2, [{ minval: -1 }], ["dtype", "minval", "maxval"]);
 * // { minval: -1 }
 * ```
 */
export function splitTrailingArguments(
  fn: string,
  required: number,
  args: readonly unknown[],
  names: readonly string[],
  accepted: readonly string[] = [],
  min: number = required,
): Record<string, unknown> {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  let out: Record<string, unknown> = {};
  if (n > 0 && isOptionsObject(args[n - 1])) {
    const opts = args[n - 1] as Record<string, unknown>;
    const all = accepted.length ? [...names, ...accepted] : names;
    for (const k in opts) if (!all.includes(k)) throw unexpectedOption(fn, k, all);
    out = { ...opts };
    n--;
  }
  if (n > names.length) {
    // Python counts the options object as the keyword arguments it stands for.
    throw tooManyArguments(fn, min, required + names.length, required + n);
  }
  for (let i = 0; i < n; i++) {
    if (args[i] === undefined) continue;
    if (isOptionsObject(args[i])) {
      throw new TypeError(`${fn}: the options object must be the last argument`);
    }
    if (out[names[i]] !== undefined) {
      throw new TypeError(`${fn}() got multiple values for argument '${names[i]}'`);
    }
    out[names[i]] = args[i];
  }
  return out;
}
