/** Host-side conversion of an array's row-major values to nested JS arrays (`x.tolist()`). */

import type { DType, TypedArray } from "../dtype.ts";
import type { NestedNumbers } from "./array_types.ts";

/** Builds nested JS arrays from row-major data. */
export function toNested(data: TypedArray, shape: readonly number[], dtype: DType): NestedNumbers {
  const conv = dtype === "bool" ? (v: number) => v !== 0 : (v: number) => v;
  if (shape.length === 0) return conv(data[0]);
  let pos = 0;
  const build = (axis: number): NestedNumbers[] => {
    const n = shape[axis];
    const out: NestedNumbers[] = new Array(n);
    if (axis === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = conv(data[pos++]);
    } else {
      for (let i = 0; i < n; i++) out[i] = build(axis + 1);
    }
    return out;
  };
  return build(0);
}
