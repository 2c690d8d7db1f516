/**
 * PRNG keys and raw bits: JAX's threefry2x32 PRNG (jax_semantics.md §A.1–A.3, A.5), written on
 * lax so it runs eagerly, under jit and vmap, and on every backend.
 *
 * A key is a uint32 array of shape [2] (JAX's "raw" / legacy key). Both of JAX's bit-generation
 * schemes are implemented; `config.read("jax_threefry_partitionable")` picks one *when a function
 * is called* (or traced: a jitted function keeps the scheme it was traced with).
 */

import type { DeviceArray } from "../core/array.ts";
import { fromHostData } from "../core/array_impl.ts";
import { config } from "../config.ts";
import { canonicalizeDType } from "../dtype.ts";
import { NotImplementedError, OverflowError, ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { checkExtraArguments, splitTrailingArguments, tooManyArguments } from "../options.ts";
import { describeValue, prod, pyShape, type Shape } from "../shape.ts";
import { checkShapeArg, constant, isArray } from "./util.ts";

/**
 * A PRNG key: a uint32 DeviceArray of shape [2] (a batch of keys has shape [..., 2]), what
 * `PRNGKey`, `key` and `split` return.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * const key: random.PRNGKeyArray = random.PRNGKey(42);
 * key; // DeviceArray([ 0, 42], dtype=uint32)
 * random.split(key, 3).shape; // [ 3, 2 ]
 * ```
 */
export type PRNGKeyArray = DeviceArray;

/** Which bit-generation scheme is active: JAX's `jax_threefry_partitionable` flag. */
export function isPartitionable(): boolean {
  return config.read("jax_threefry_partitionable");
}

const KEY_HELP = "a PRNG key is a uint32 array of shape [2], as made by random.PRNGKey(seed), " +
  "random.key(seed), random.split or random.foldIn";

function describe(x: unknown): string {
  if (isArray(x)) return `a ${x.dtype}[${x.shape.join(",")}] array`;
  if (Array.isArray(x)) return "a JS array";
  return x === null ? "null" : `a ${typeof x}`;
}

/**
 * Checks that `key` is a PRNG key (uint32, trailing axis 2). With `single`, only one key (shape
 * [2]) is accepted, as JAX's samplers require (batches of keys go through vmap).
 * @throws TypeError naming what a key is.
 */
export function checkKey(name: string, key: unknown, single = true): DeviceArray {
  if (!isArray(key) || key.dtype !== "uint32" || key.ndim < 1 || key.shape[key.ndim - 1] !== 2) {
    throw new TypeError(`random.${name}: expected a PRNG key, got ${describe(key)}; ${KEY_HELP}.`);
  }
  if (single && key.ndim !== 1) {
    throw new TypeError(
      `random.${name} accepts a single key, but was given a key array of shape ` +
        `${pyShape(key.shape)} != (2,). Use vmap for batching.`,
    );
  }
  return key;
}

const TWO_32 = 4294967296n;
const INT64_MIN = -(2n ** 63n);

/**
 * JAX's seed rules with 64-bit types disabled (`threefry_seed`, prng.py `random_seed`): the seed
 * becomes an int64, then int32, so the key is `[0, seed mod 2**32]` — PRNGKey(-1) is
 * [0, 4294967295]. Seeds outside int64 overflow, as numpy's `np.int64(seed)` does.
 */
function seedToKey(name: string, seed: unknown): DeviceArray {
  if (isArray(seed)) {
    if (seed.ndim !== 0) {
      throw new TypeError(
        `${name} accepts a scalar seed, but was given an array of shape ${
          pyShape(seed.shape)
        } != (). Use vmap for batching`,
      );
    }
    if (seed.dtype !== "int32" && seed.dtype !== "uint32") {
      throw new TypeError(`PRNG key seed must be an integer; got an array of dtype ${seed.dtype}`);
    }
    // k1 = seed >> 32 is 0 for every 32-bit seed; k2 is the seed's bits.
    const k2 = lax.reshape(lax.convertElementType(seed, "uint32"), [1]);
    return lax.concatenate([lax.reshape(constant(0, "uint32"), [1]), k2], 0);
  }
  let big: bigint;
  if (typeof seed === "bigint") big = seed;
  else if (typeof seed === "boolean") big = seed ? 1n : 0n;
  else if (typeof seed === "number" && Number.isInteger(seed)) big = BigInt(seed);
  else {
    throw new TypeError(
      `PRNG key seed must be an integer; got ${typeof seed === "number" ? seed : typeof seed}`,
    );
  }
  if (big < INT64_MIN || big >= -INT64_MIN) {
    throw new OverflowError(`Python int ${big} too large to convert to int64 (seed of ${name})`);
  }
  const lo = Number(((big % TWO_32) + TWO_32) % TWO_32);
  return fromHostData(Uint32Array.of(0, lo), [2], "uint32");
}

/**
 * Creates a PRNG key from an integer seed (JAX's `jax.random.PRNGKey`): a uint32 array [2].
 * With JAX's 64-bit mode disabled (always, here) the key is `[0, seed mod 2**32]`, so negative
 * and large seeds wrap: `PRNGKey(-1)` is `[0, 4294967295]`. The seed may be a JS integer, a
 * bigint, or a 0-d int32/uint32 array (also traced, e.g. `vmap(random.PRNGKey)(seeds)`).
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * const key = random.PRNGKey(0); // DeviceArray([0, 0], dtype=uint32)
 * const x = random.normal(key, [3]);
 * ```
 * @throws TypeError for a non-integer seed; OverflowError outside the int64 range.
 */
export function PRNGKey(seed: number | bigint | DeviceArray): PRNGKeyArray {
  if (arguments.length > 1) {
    checkExtraArguments("random.PRNGKey", 1, 1, arguments.length, arguments[1], arguments[2]);
  }
  return seedToKey("PRNGKey", seed);
}

/**
 * JAX's newer `jax.random.key(seed)`. jaxscript has no typed key arrays, so this returns the same
 * uint32[2] data as {@link PRNGKey} (what `jax.random.key_data(jax.random.key(seed))` gives);
 * every random function accepts it.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * const key = random.key(42); // DeviceArray([ 0, 42], dtype=uint32)
 * ```
 */
export function key(seed: number | bigint | DeviceArray): PRNGKeyArray {
  if (arguments.length > 1) {
    checkExtraArguments("random.key", 1, 1, arguments.length, arguments[1], arguments[2]);
  }
  return seedToKey("key", seed);
}

/**
 * The raw uint32 data of a key or key array (`jax.random.key_data`); keys here are already raw,
 * so this only checks the argument and returns it.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * random.keyData(random.key(1)); // DeviceArray([0, 1], dtype=uint32)
 * ```
 */
export function keyData(keys: PRNGKeyArray): DeviceArray {
  if (arguments.length > 1) throw tooManyArguments("random.keyData", 1, 1, arguments.length);
  return checkKey("keyData", keys, false);
}

/**
 * Wraps uint32 key data (trailing axis 2) as keys (`jax.random.wrap_key_data`); the identity on
 * valid data, since keys are raw arrays here.
 *
 * @example
 * ```ts
 * import { jnp, random } from "@jaxscript/jaxscript";
 * const k = random.wrapKeyData(jnp.array([0, 42], { dtype: "uint32" }));
 * ```
 */
export function wrapKeyData(data: DeviceArray): PRNGKeyArray {
  if (arguments.length > 1) throw tooManyArguments("random.wrapKeyData", 1, 1, arguments.length);
  return checkKey("wrapKeyData", data, false);
}

/** The two key words as 0-d arrays (slices, so they batch under vmap). */
function keyWords(key: DeviceArray): [DeviceArray, DeviceArray] {
  return [
    lax.reshape(lax.slice(key, [0], [1]), []),
    lax.reshape(lax.slice(key, [1], [2]), []),
  ];
}

/**
 * `threefry_2x32(key, iota(n))` (prng.py): the counters 0..n-1 are split into halves — pairs
 * (i, i + ⌈n/2⌉), the second half padded with one 0 when n is odd — hashed, and the two output
 * halves concatenated (dropping the pad's slot). Builds the counters directly instead of slicing
 * an iota, which keeps the traced program small.
 */
export function threefryIota(key: DeviceArray, n: number): DeviceArray {
  if (n === 0) return lax.iota("uint32", 0);
  const [k1, k2] = keyWords(key);
  const h = Math.ceil(n / 2);
  const x0 = lax.iota("uint32", h);
  let x1 = lax.add(lax.iota("uint32", h), constant(h, "uint32"));
  if (n % 2 === 1) {
    // The pad word is hashed together with counter h-1 and changes its output: it must be 0.
    const head = lax.sliceInDim(x1, 0, h - 1);
    x1 = lax.concatenate([head, lax.reshape(constant(0, "uint32"), [1])], 0);
  }
  const [y0, y1] = lax.threefry2x32(k1, k2, x0, x1);
  const out = lax.concatenate([y0, y1], 0);
  return n % 2 === 1 ? lax.sliceInDim(out, 0, n) : out;
}

/** Partitionable counters: (hi, lo) words of the flat index, in `shape` (prng.iota_2x32_shape). */
function threefryFlatIndex(key: DeviceArray, shape: Shape): [DeviceArray, DeviceArray] {
  const n = prod(shape);
  if (n >= 2 ** 32) {
    throw new NotImplementedError("random bits arrays of 2**32 or more elements");
  }
  const [k1, k2] = keyWords(key);
  // Every flat index fits in 32 bits, so the high counter word is the constant 0.
  const lo = lax.reshape(lax.iota("uint32", n), shape);
  return lax.threefry2x32(k1, k2, constant(0, "uint32"), lo);
}

/** Splits without checking (shape is a list of counts): `split` for internal callers. */
export function splitKey(key: DeviceArray, shape: Shape): DeviceArray {
  const n = prod(shape);
  if (isPartitionable()) {
    // _threefry_split_foldlike: key i = threefry2x32(key, (hi(i), lo(i))), so split(k, n)[i]
    // equals foldIn(k, i).
    const [b1, b2] = threefryFlatIndex(key, shape);
    return lax.concatenate(
      [lax.reshape(b1, [...shape, 1]), lax.reshape(b2, [...shape, 1])],
      shape.length,
    );
  }
  // _threefry_split_original: threefry_2x32(key, iota(2n)).reshape(n, 2).
  return lax.reshape(threefryIota(key, 2 * n), [...shape, 2]);
}

/** The i-th key of a split key array [n, 2]. */
export function keyAt(keys: DeviceArray, i: number): DeviceArray {
  return lax.reshape(lax.sliceInDim(keys, i, i + 1), [2]);
}

/**
 * Splits a key into `num` new keys (`jax.random.split`); `num` may also be a shape, giving keys
 * of shape [...num, 2]. The algorithm follows `jax_threefry_partitionable`.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * const [key, subkey] = random.split(random.PRNGKey(0));
 * const keys = random.split(key, 8); // shape [8, 2]
 * ```
 */
export function split(key: PRNGKeyArray, num: number | readonly number[] = 2): PRNGKeyArray {
  if (arguments.length > 2) throw tooManyArguments("random.split", 1, 2, arguments.length);
  const k = checkKey("split", key);
  return splitKey(k, checkShapeArg("split", typeof num === "number" ? [num] : num));
}

/**
 * Folds an integer into a key, giving a new key (`jax.random.fold_in`): `threefry_2x32(key,
 * [0, data])`, the same in both modes. `data` is taken modulo 2**32; it may be a 0-d int array.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * const stepKey = random.foldIn(random.PRNGKey(0), 4); // [2285895361, 433833334]
 * ```
 */
export function foldIn(key: PRNGKeyArray, data: number | DeviceArray): PRNGKeyArray {
  if (arguments.length > 2) throw tooManyArguments("random.foldIn", 2, 2, arguments.length);
  const k = checkKey("foldIn", key);
  let d: DeviceArray;
  if (isArray(data)) {
    if (data.ndim !== 0) {
      throw new TypeError(
        `fold_in accepts a scalar, but was given an array of shape ${
          pyShape(data.shape)
        } != (). Use vmap for batching.`,
      );
    }
    if (data.dtype === "float32" || data.dtype === "bool") {
      throw new TypeError(`random.foldIn: data must be an integer, got dtype ${data.dtype}`);
    }
    d = lax.reshape(lax.convertElementType(data, "uint32"), [1]);
  } else {
    if (typeof data !== "number" || !Number.isInteger(data)) {
      throw new TypeError(`random.foldIn: data must be an integer, got ${String(data)}`);
    }
    d = lax.reshape(constant(((data % 2 ** 32) + 2 ** 32) % 2 ** 32, "uint32"), [1]);
  }
  const [k1, k2] = keyWords(k);
  const [y0, y1] = lax.threefry2x32(k1, k2, lax.reshape(constant(0, "uint32"), [1]), d);
  return lax.concatenate([y0, y1], 0);
}

/**
 * Random bits of a given width (JAX's internal `_random_bits` / `prng.random_bits`), as uint32:
 * 8- and 16-bit values are below 2**8 / 2**16 (jaxscript has no narrow dtypes). Width 64 gives
 * what JAX gives with 64-bit types disabled: in the original scheme the low words (the second
 * half of the 32-bit stream, jax 0.3.x `testRngRandomBits`), in the partitionable scheme the
 * second threefry output (the high word is shifted out when uint64 is canonicalised to uint32).
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * random.randomBits(random.PRNGKey(1701), 8, [3]); // [216, 115, 43]
 * ```
 */
export function randomBits(
  key: PRNGKeyArray,
  bitWidth: 8 | 16 | 32 | 64,
  shape: readonly number[],
): DeviceArray {
  if (arguments.length > 3) throw tooManyArguments("random.randomBits", 3, 3, arguments.length);
  const k = checkKey("randomBits", key);
  const s = checkShapeArg("randomBits", shape);
  if (![8, 16, 32, 64].includes(bitWidth)) {
    throw new TypeError("requires 8-, 16-, 32- or 64-bit field width.");
  }
  return bitsOf(k, bitWidth, s);
}

/** randomBits without argument checks, for the samplers. */
export function bitsOf(key: DeviceArray, bitWidth: number, shape: Shape): DeviceArray {
  const size = prod(shape);
  if (isPartitionable()) {
    const [b1, b2] = threefryFlatIndex(key, shape);
    if (bitWidth === 64) return b2;
    const bits = lax.bitwiseXor(b1, b2);
    if (bitWidth === 32) return bits;
    return lax.bitwiseAnd(bits, constant(2 ** bitWidth - 1, "uint32"));
  }
  // _threefry_random_bits_original.
  const maxCount = Math.ceil((bitWidth * size) / 32);
  if (maxCount >= 0xffffffff) {
    throw new NotImplementedError("random bits arrays needing 2**32-1 or more counters");
  }
  let bits = threefryIota(key, maxCount);
  if (bitWidth === 64) {
    bits = lax.sliceInDim(bits, maxCount / 2, maxCount);
  } else if (bitWidth < 32) {
    // bits.view(uint8/uint16)[:size]: the sub-words of each word, least significant first.
    const per = 32 / bitWidth;
    const shifts = lax.mul(lax.iota("uint32", per), constant(bitWidth, "uint32"));
    const words = lax.broadcastInDim(bits, [maxCount, per], [0]);
    const parts = lax.shiftRightLogical(words, lax.broadcastInDim(shifts, [maxCount, per], [1]));
    const masked = lax.bitwiseAnd(parts, constant(2 ** bitWidth - 1, "uint32"));
    bits = lax.sliceInDim(lax.reshape(masked, [maxCount * per]), 0, size);
  }
  return lax.reshape(bits, shape);
}

/** Bit widths of the unsigned dtypes `bits` accepts (narrow ones come back as uint32). */
const UINT_WIDTHS: Record<string, number> = { uint8: 8, uint16: 16, uint32: 32 };

/**
 * Uniform random bits as unsigned integers (`jax.random.bits`). `dtype` "uint8" and "uint16"
 * give JAX's 8-/16-bit values in a uint32 array (jaxscript has no narrow dtypes); "uint64" is
 * canonicalised to uint32 with JAX's warning, as with 64-bit types disabled.
 *
 * @example
 * ```ts
 * import { random } from "@jaxscript/jaxscript";
 * random.bits(random.PRNGKey(1701), [3]); // [56197195, 4200222568, 961309823]
 * random.bits(random.PRNGKey(1701), [3], { dtype: "uint8" }); // [216, 115, 43]
 * ```
 */
export function bits(
  key: PRNGKeyArray,
  shape: readonly number[] = [],
  dtype?: { dtype?: string | null } | string | null,
): DeviceArray {
  if (arguments.length > 3) throw tooManyArguments("random.bits", 1, 3, arguments.length);
  const k = checkKey("bits", key);
  const s = checkShapeArg("bits", shape);
  const given = splitTrailingArguments("random.bits", 2, [dtype], ["dtype"], [], 1).dtype;
  if (given != null && typeof given !== "string") {
    throw new TypeError(`random.bits: dtype must be a dtype name, got ${describeValue(given)}`);
  }
  const name = given ?? "uint32";
  let width = UINT_WIDTHS[name];
  if (width === undefined) {
    const d = canonicalizeDType(name, "bits");
    if (d !== "uint32") {
      throw new ValueError(`dtype argument to \`bits\` must be an unsigned int dtype, got ${d}`);
    }
    width = 32;
  }
  return bitsOf(k, width, s);
}
