/**
 * jax-js (npm:@jax-js/jax, a devDependency) on its `wasm` device, which is multi-threaded with
 * Workers + SharedArrayBuffer on Deno and Bun. jax-js is lazy and reference counted: every use of
 * an array consumes a reference (`.ref` adds one), and work runs when a result is awaited, so each
 * call here ends with `await y.blockUntilReady()` and `y.dispose()`.
 */

import type { Case, Inputs, Lib, WorkloadId } from "./common.ts";
import { nodeModule } from "./paths.ts";

// deno-lint-ignore no-explicit-any
type Any = any;
let jx: Any;

export const jaxjs: Lib = {
  name: "jax-js",
  async init() {
    try {
      jx = await import(nodeModule("@jax-js/jax/dist/index.js"));
      const devices: string[] = await jx.init();
      if (!devices.includes("wasm")) return "jax-js has no wasm device here";
      jx.defaultDevice("wasm");
      return null;
    } catch (e) {
      return `jax-js unavailable (${(e as Error).message.split("\n")[0]}); run npm install`;
    }
  },
  async make(id: WorkloadId, d: Inputs): Promise<Case | null> {
    const np = jx.numpy;
    const arr = async (x: Float32Array, shape: number[]) => {
      const a = np.array(x).reshape(shape);
      await a.blockUntilReady();
      return a;
    };
    const read = async (y: Any) => new Float32Array(await y.data());
    const timed = (call: () => Any): Case => ({
      async: true,
      run: async () => {
        const y = call();
        await y.blockUntilReady();
        y.dispose();
      },
      result: () => read(call()),
    });
    switch (id) {
      case "matmul": {
        const a = await arr(d.mmA, [1024, 1024]), b = await arr(d.mmB, [1024, 1024]);
        return timed(() => np.matmul(a.ref, b.ref));
      }
      case "linear": {
        const x = await arr(d.linX, [16, 100]), w = await arr(d.linW, [100, 64]);
        const b = await arr(d.linB, [64]);
        const f = jx.jit((x: Any, w: Any, b: Any) => np.matmul(x, w).add(b));
        return timed(() => f(x.ref, w.ref, b.ref));
      }
      case "vmapdot": {
        const a = await arr(d.dotA, [100, 150]), b = await arr(d.dotB, [100, 150]);
        const f = jx.jit(jx.vmap((x: Any, y: Any) => np.dot(x, y)));
        return timed(() => f(a.ref, b.ref));
      }
      case "eagerAdd": {
        const a = await arr(d.addA, [10]), b = await arr(d.addB, [10]);
        return timed(() => np.add(a.ref, b.ref));
      }
      case "expSum": {
        const a = await arr(d.expA, [1_000_000]);
        const f = jx.jit((a: Any) => np.exp(a.mul(2).add(1)).sum());
        return timed(() => f(a.ref));
      }
      case "jitTrivial": {
        const a = await arr(d.addA, [10]);
        const f = jx.jit((x: Any) => x.add(1));
        return timed(() => f(a.ref));
      }
      default:
        return null;
    }
  },
};

/** For the memory probe: initialises; the returned function wraps user data as an array. */
export async function prepareBig(): Promise<(host: Float32Array) => Promise<unknown>> {
  const jx = await import(nodeModule("@jax-js/jax/dist/index.js"));
  await jx.init();
  jx.defaultDevice("wasm");
  await jx.numpy.array(new Float32Array(10)).blockUntilReady();
  return async (host) => {
    const x = jx.numpy.array(host);
    await x.blockUntilReady();
    return x;
  };
}
