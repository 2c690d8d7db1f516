/** jaxscript on its CPU backend: the workloads as a user writes them. */

import type { Case, Inputs, Lib, WorkloadId } from "./common.ts";
import type { DeviceArray } from "../../mod.ts";

type Mod = typeof import("../../mod.ts");
let m: Mod;

/** CPU arrays are computed when an operation returns; dataSync reads them (ArrayImpl's method). */
const f32 = (x: DeviceArray) => (x as unknown as { dataSync(): Float32Array }).dataSync();

export const ours: Lib = {
  name: "jaxscript",
  async init() {
    m = await import("../../mod.ts");
    m.setDefaultDevice("cpu");
    return null;
  },
  make(id: WorkloadId, d: Inputs): Promise<Case | null> {
    const { jnp, jit, vmap } = m;
    const arr = (x: Float32Array, shape: number[]) => jnp.asarray(x).reshape(shape);
    switch (id) {
      case "matmul": {
        const a = arr(d.mmA, [1024, 1024]), b = arr(d.mmB, [1024, 1024]);
        return ok({ run: () => jnp.matmul(a, b), result: () => f32(jnp.matmul(a, b)) });
      }
      case "linear": {
        const x = arr(d.linX, [16, 100]), w = arr(d.linW, [100, 64]), b = arr(d.linB, [64]);
        const f = jit((x: DeviceArray, w: DeviceArray, b: DeviceArray) =>
          jnp.add(jnp.dot(x, w), b)
        );
        return ok({ run: () => f(x, w, b), result: () => f32(f(x, w, b)) });
      }
      case "vmapdot": {
        const a = arr(d.dotA, [100, 150]), b = arr(d.dotB, [100, 150]);
        const f = jit(vmap(jnp.dot));
        return ok({ run: () => f(a, b), result: () => f32(f(a, b)) });
      }
      case "eagerAdd": {
        const a = arr(d.addA, [10]), b = arr(d.addB, [10]);
        return ok({ run: () => jnp.add(a, b), result: () => f32(jnp.add(a, b)) });
      }
      case "expSum": {
        const a = arr(d.expA, [1_000_000]);
        const f = jit((a: DeviceArray) => jnp.sum(jnp.exp(jnp.add(jnp.multiply(a, 2), 1))));
        return ok({ run: () => f(a), result: () => f32(f(a)) });
      }
      case "jitTrivial": {
        const a = arr(d.addA, [10]);
        const f = jit((x: DeviceArray) => jnp.add(x, 1));
        return ok({ run: () => f(a), result: () => f32(f(a)) });
      }
      default:
        return ok(null);
    }
  },
};

const ok = <T>(x: T) => Promise.resolve(x);

/** For the memory probe: initialises; the returned function wraps user data as an array. */
export async function prepareBig(): Promise<(host: Float32Array) => Promise<unknown>> {
  const mod = await import("../../mod.ts");
  mod.setDefaultDevice("cpu");
  f32(mod.jnp.asarray(new Float32Array(10)));
  return (host) => {
    const x = mod.jnp.asarray(host);
    f32(x);
    return Promise.resolve(x);
  };
}
