/**
 * Plain JavaScript loops over Float32Arrays: what a user gets without a library (straightforward
 * code, no blocking or SIMD). Also the reference results for the correctness check.
 */

import type { Case, Inputs, Lib, WorkloadId } from "./common.ts";

export function matmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number) {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p];
      for (let j = 0; j < n; j++) c[i * n + j] += av * b[p * n + j];
    }
  }
  return c;
}

export const plain: Lib = {
  name: "plain JS",
  init: () => Promise.resolve(null),
  make(id: WorkloadId, d: Inputs): Promise<Case | null> {
    let c: Case | null = null;
    switch (id) {
      case "matmul": {
        const f = () => matmul(d.mmA, d.mmB, 1024, 1024, 1024);
        c = { run: f, result: f };
        break;
      }
      case "linear": {
        const f = () => {
          const y = matmul(d.linX, d.linW, 16, 100, 64);
          for (let i = 0; i < 16; i++) for (let j = 0; j < 64; j++) y[i * 64 + j] += d.linB[j];
          return y;
        };
        c = { run: f, result: f };
        break;
      }
      case "vmapdot": {
        const f = () => {
          const y = new Float32Array(100);
          for (let i = 0; i < 100; i++) {
            let s = 0;
            for (let j = 0; j < 150; j++) s += d.dotA[i * 150 + j] * d.dotB[i * 150 + j];
            y[i] = s;
          }
          return y;
        };
        c = { run: f, result: f };
        break;
      }
      case "expSum": {
        const f = () => {
          const a = d.expA;
          let s = 0;
          for (let i = 0; i < a.length; i++) s += Math.exp(2 * a[i] + 1);
          return new Float32Array([s]);
        };
        c = { run: f, result: f };
        break;
      }
      case "eagerAdd": {
        // The reference result only: a loop has no per-op dispatch to compare.
        const f = () => {
          const y = new Float32Array(10);
          for (let i = 0; i < 10; i++) y[i] = d.addA[i] + d.addB[i];
          return y;
        };
        return Promise.resolve({ run: f, result: f, referenceOnly: true } as Case);
      }
      case "jitTrivial": {
        const f = () => {
          const y = new Float32Array(10);
          for (let i = 0; i < 10; i++) y[i] = d.addA[i] + 1;
          return y;
        };
        return Promise.resolve({ run: f, result: f, referenceOnly: true } as Case);
      }
    }
    return Promise.resolve(c);
  },
};
