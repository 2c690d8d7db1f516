/**
 * Runs the numpy-generated jnp cases of tests/fixtures/numpy/*.json (written by
 * tools/fixtures/gen_numpy_fixtures.py): decodes each case's arguments, calls the jnp function
 * (or array method), and checks dtype, shape, weak type and values read with `await x.data()`,
 * so the same cases run on every backend.
 */

import { DeviceArray, jnp } from "../../mod.ts";
import { assert, assertClose, assertExact, readJson, test } from "../harness.ts";

type Encoded = [string, number[], (number | string)[]];

/** What a case expects: one array, a list of arrays, or a plain JS value. */
export type Expect =
  | { out: Encoded; weak: boolean }
  | { outs: { out: Encoded; weak: boolean }[] }
  | { value: unknown };

export interface FixtureCase {
  name: string;
  fn: string;
  args: unknown[];
  expect: Expect;
  tol?: { ulps?: number; rtol?: number; atol?: number };
}

const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, "-inf": -Infinity, "-0": -0 };

function decodeNumbers(xs: (number | string)[], dtype: string): number[] {
  return xs.map((x) => {
    const v = typeof x === "string" ? SPECIAL[x] : x;
    return dtype === "float32" ? Math.fround(v) : v;
  });
}

const TYPED: Record<string, (xs: number[]) => ArrayBufferView> = {
  float32: (xs) => Float32Array.from(xs),
  int32: (xs) => Int32Array.from(xs),
  uint32: (xs) => Uint32Array.from(xs),
  bool: (xs) => Uint8Array.from(xs),
};

/** Builds the DeviceArray of an encoded fixture array. */
export function makeArray([dtype, shape, data]: Encoded): DeviceArray {
  const flat = jnp.asarray(TYPED[dtype](decodeNumbers(data, dtype)) as Float32Array);
  return flat.reshape(shape);
}

/** Decodes a case argument (see the generator's docstring for the wrappers). */
export function decodeArg(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(decodeArg);
  const o = v as Record<string, unknown>;
  if ("a" in o) return makeArray(o.a as Encoded);
  if ("list" in o) return decodeArg(o.list);
  if ("num" in o) return SPECIAL[o.num as string];
  if ("undef" in o) return undefined;
  if ("idx" in o) return (o.idx as unknown[]).map(decodeArg);
  if ("opts" in o) {
    return Object.fromEntries(
      Object.entries(o.opts as Record<string, unknown>).map(([k, x]) => [k, decodeArg(x)]),
    );
  }
  throw new Error(`undecodable fixture argument ${JSON.stringify(v)}`);
}

type AnyFn = (...args: unknown[]) => unknown;

/** Calls `fn` ("add", "x.get", "x.at.add", "x.sum") on decoded arguments. */
export function callFixture(fn: string, args: unknown[]): unknown {
  if (fn.startsWith("x.at.")) {
    const [x, idx, ...rest] = args as [DeviceArray, unknown[], ...unknown[]];
    const ref = x.at(...(idx as Parameters<DeviceArray["at"]>)) as unknown as Record<
      string,
      AnyFn
    >;
    return ref[fn.slice(5)](...rest);
  }
  if (fn.startsWith("x.")) {
    const [x, ...rest] = args as [DeviceArray, ...unknown[]];
    const m = (x as unknown as Record<string, AnyFn>)[fn.slice(2)];
    assert.equal(typeof m, "function", `no array method ${fn}`);
    return m.apply(x, rest);
  }
  const f = (jnp as unknown as Record<string, AnyFn>)[fn];
  assert.equal(typeof f, "function", `no jnp function ${fn}`);
  return f(...args);
}

/** Checks one array result against its encoded expectation. */
export async function checkArray(
  got: unknown,
  want: { out: Encoded; weak: boolean },
  tol: FixtureCase["tol"],
  what = "result",
): Promise<void> {
  assert.ok(got instanceof DeviceArray, `${what} is not a DeviceArray: ${String(got)}`);
  const [dtype, shape, data] = want.out;
  assert.equal(got.dtype, dtype, `${what} dtype`);
  assert.deepEqual(got.shape, shape, `${what} shape`);
  assert.equal(got.weakType, want.weak, `${what} weak_type`);
  const values = Array.from(await got.data());
  const expected = decodeNumbers(data, dtype);
  if (!tol) return assertExact(values, expected);
  assertClose(values, expected, { rtol: tol.rtol ?? 0, atol: tol.atol ?? 0, ulps: tol.ulps });
  // Tolerances are about rounding; an expected signed zero must still come out with its sign
  // when the tolerance is in ulps (NaN and inf are already exact in assertClose).
  if (tol.ulps !== undefined) {
    expected.forEach((e, i) => {
      if (e === 0) assert.ok(Object.is(values[i], e), `${what} at ${i}: wrong sign of zero`);
    });
  }
}

/**
 * Reads boolean index arrays once: a mask's values must be on the host when indexing with it
 * (on WebGPU, arrays computed on the device are not until read).
 */
async function readMasks(x: unknown): Promise<void> {
  if (x instanceof DeviceArray && x.dtype === "bool") await x.data();
  else if (Array.isArray(x)) { for (const v of x) await readMasks(v); }
}

/** Runs one case. */
export async function runFixtureCase(c: FixtureCase): Promise<void> {
  const args = c.args.map(decodeArg);
  if (c.fn === "x.get" || c.fn.startsWith("x.at.")) await readMasks(args.slice(1));
  const result = callFixture(c.fn, args);
  const e = c.expect;
  if ("value" in e) {
    assert.deepEqual(result, e.value);
  } else if ("outs" in e) {
    assert.ok(Array.isArray(result), "expected a list of arrays");
    assert.equal(result.length, e.outs.length, "number of results");
    for (let i = 0; i < e.outs.length; i++) {
      await checkArray(result[i], e.outs[i], c.tol, `result ${i}`);
    }
  } else {
    await checkArray(result, e, c.tol);
  }
}

/** The cases of tests/fixtures/numpy/<group>.json. */
export async function loadFixtures(group: string): Promise<FixtureCase[]> {
  const url = new URL(`../fixtures/numpy/${group}.json`, import.meta.url);
  return ((await readJson(url)) as { cases: FixtureCase[] }).cases;
}

/** Registers one test per case of a fixture group. */
export async function registerFixtures(group: string): Promise<void> {
  for (const c of await loadFixtures(group)) {
    test(`jnp ${group}: ${c.name}`, () => runFixtureCase(c));
  }
}
