/**
 * TensorFlow.js 4.22 with its WebAssembly backend (XNNPACK, SIMD; one thread: its threaded build
 * needs a browser's cross-origin isolation). Loaded through tfjs's Node (CommonJS) bundles. tfjs
 * executes eagerly and synchronously on wasm, so a call's result is ready when it returns.
 */

import type { Case, Inputs, Lib, WorkloadId } from "./common.ts";
import { requireFromRoot } from "./paths.ts";

// deno-lint-ignore no-explicit-any
type Any = any;
let tf: Any;

export const tfjs: Lib = {
  name: "tfjs-wasm",
  async init() {
    try {
      tf = requireFromRoot("@tensorflow/tfjs-core");
      requireFromRoot("@tensorflow/tfjs-backend-wasm");
      // tfjs prints a banner about tfjs-node when it first runs on Node-like runtimes.
      const log = console.log, warn = console.warn;
      console.log = console.warn = () => {};
      try {
        await tf.setBackend("wasm");
        await tf.ready();
      } finally {
        console.log = log;
        console.warn = warn;
      }
      return tf.getBackend() === "wasm" ? null : "tfjs wasm backend did not start";
    } catch (e) {
      return `tfjs unavailable (${(e as Error).message.split("\n")[0]}); run npm install`;
    }
  },
  make(id: WorkloadId, d: Inputs): Promise<Case | null> {
    const t = (x: Float32Array, shape: number[]) => tf.tensor(x, shape, "float32");
    const timed = (call: () => Any): Case => ({
      run: () => call().dispose(),
      result: () => new Float32Array(call().dataSync()),
    });
    switch (id) {
      case "matmul": {
        const a = t(d.mmA, [1024, 1024]), b = t(d.mmB, [1024, 1024]);
        return ok(timed(() => tf.matMul(a, b)));
      }
      case "linear": {
        const x = t(d.linX, [16, 100]), w = t(d.linW, [100, 64]), b = t(d.linB, [64]);
        return ok(timed(() => tf.tidy(() => tf.add(tf.matMul(x, w), b))));
      }
      case "vmapdot": {
        const a = t(d.dotA, [100, 150]), b = t(d.dotB, [100, 150]);
        return ok(timed(() => tf.tidy(() => tf.sum(tf.mul(a, b), 1))));
      }
      case "eagerAdd": {
        const a = t(d.addA, [10]), b = t(d.addB, [10]);
        return ok(timed(() => tf.add(a, b)));
      }
      case "expSum": {
        const a = t(d.expA, [1_000_000]);
        return ok(timed(() => tf.tidy(() => tf.sum(tf.exp(tf.add(tf.mul(a, 2), 1))))));
      }
      default:
        return ok(null);
    }
  },
};

const ok = <T>(x: T) => Promise.resolve(x);

/** For the memory probe: initialises; the returned function wraps user data as a tensor. */
export async function prepareBig(): Promise<(host: Float32Array) => Promise<unknown>> {
  const err = await tfjs.init();
  if (err) throw new Error(err);
  tf.tensor(new Float32Array(10)).dataSync();
  // The wasm backend copies the values into its heap when the tensor is created.
  return (host) => Promise.resolve(tf.tensor(host, [host.length], "float32"));
}
