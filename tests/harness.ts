/**
 * The test harness: one `test` function that runs under `deno test` and `bun test`, and the
 * assertions the suites share. Tests import only this module (and node:assert), so every suite
 * is written once and runs on both runners and on every backend (`JAX_PLATFORMS=cpu|webgpu`).
 */

import assert from "node:assert/strict";
import process from "node:process";

type TestFn = () => void | Promise<void>;
type Register = (name: string, fn: TestFn) => void;

declare const Bun: unknown;

async function pickRunner(): Promise<Register> {
  const deno = (globalThis as { Deno?: { test: Register } }).Deno;
  if (deno) {
    return (name, fn) =>
      (deno.test as unknown as (o: Record<string, unknown>) => void)({
        name,
        fn,
        // WebGPU keeps device resources alive between tests by design (pooled buffers).
        sanitizeResources: false,
        sanitizeOps: false,
      });
  }
  if (typeof Bun !== "undefined") {
    const spec = "bun:test"; // not a literal, so deno check does not try to resolve it
    const bun = await import(spec);
    return (name, fn) => bun.test(name, fn, 60_000);
  }
  const spec = "node:test";
  const node = await import(spec);
  return (name, fn) => node.test(name, fn);
}

/** Registers a test with whichever runner is running this file. */
export const test: Register = await pickRunner();

export { assert };

/** Asserts that `fn` throws an error of class `cls` whose message contains (or matches) `msg`. */
export function assertThrows(
  fn: () => unknown,
  cls: abstract new (...args: never[]) => Error,
  msg?: string | RegExp,
): Error {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  if (caught === undefined) assert.fail(`expected ${cls.name} to be thrown, but nothing was`);
  if (!(caught instanceof cls)) {
    assert.fail(`expected ${cls.name}, got ${(caught as Error)?.constructor?.name}: ${caught}`);
  }
  const err = caught as Error;
  if (typeof msg === "string" && !err.message.includes(msg)) {
    assert.fail(`error message\n  ${err.message}\ndoes not contain\n  ${msg}`);
  }
  if (msg instanceof RegExp && !msg.test(err.message)) {
    assert.fail(`error message\n  ${err.message}\ndoes not match ${msg}`);
  }
  return err;
}

/** Async variant of assertThrows. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  cls: abstract new (...args: never[]) => Error,
  msg?: string | RegExp,
): Promise<Error> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  if (caught === undefined) assert.fail(`expected ${cls.name} to be thrown, but nothing was`);
  if (!(caught instanceof cls)) {
    assert.fail(`expected ${cls.name}, got ${(caught as Error)?.constructor?.name}: ${caught}`);
  }
  const err = caught as Error;
  if (typeof msg === "string" && !err.message.includes(msg)) {
    assert.fail(`error message\n  ${err.message}\ndoes not contain\n  ${msg}`);
  }
  if (msg instanceof RegExp && !msg.test(err.message)) {
    assert.fail(`error message\n  ${err.message}\ndoes not match ${msg}`);
  }
  return err;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Distance in float32 units in the last place between two float32 values (0 for equal). */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  const key = (x: number) => {
    f32[0] = x;
    const bits = u32[0];
    // Map the sign-magnitude float ordering onto a monotone integer line.
    return bits & 0x80000000 ? -(bits & 0x7fffffff) : bits;
  };
  return Math.abs(key(a) - key(b));
}

export interface CloseOptions {
  /** Relative tolerance (default 1e-6). */
  rtol?: number;
  /** Absolute tolerance (default 1e-6). */
  atol?: number;
  /** If set, accept values within this many float32 ulps regardless of rtol/atol. */
  ulps?: number;
}

type Numbers = ArrayLike<number> | readonly number[];

/**
 * Asserts two sequences of numbers are equal within tolerance; NaN must match NaN, infinities
 * must match exactly, and zeros must match in sign when both are zero and `atol` is 0.
 */
export function assertClose(actual: Numbers, expected: Numbers, opts: CloseOptions = {}): void {
  const rtol = opts.rtol ?? 1e-6, atol = opts.atol ?? 1e-6;
  assert.equal(actual.length, expected.length, `length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) assert.fail(`at ${i}: expected NaN, got ${a}`);
      continue;
    }
    if (!Number.isFinite(e)) {
      if (a !== e) assert.fail(`at ${i}: expected ${e}, got ${a}`);
      continue;
    }
    if (opts.ulps !== undefined && ulpDistance(a, e) <= opts.ulps) continue;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      assert.fail(
        `at ${i}: expected ${e}, got ${a} (|diff| ${Math.abs(a - e)} > ${atol} + ${rtol}·|e|)`,
      );
    }
  }
}

/** Asserts exact equality of two number sequences (NaN equals NaN, -0 differs from +0). */
export function assertExact(actual: Numbers, expected: Numbers): void {
  assert.equal(actual.length, expected.length, `length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      assert.fail(`at ${i}: expected ${expected[i]}, got ${actual[i]}`);
    }
  }
}

/** Reads a JSON file relative to the calling test (works on Deno, Bun and Node). */
export async function readJson(url: URL): Promise<unknown> {
  const fs = await import("node:fs/promises");
  const { fileURLToPath } = await import("node:url");
  return JSON.parse(await fs.readFile(fileURLToPath(url), "utf8"));
}

/** The platform the suite runs on, from JAX_PLATFORMS (default cpu). */
export function platformUnderTest(): string {
  try {
    return process.env.JAX_PLATFORMS ?? "cpu";
  } catch {
    return "cpu";
  }
}
