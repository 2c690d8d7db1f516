/**
 * Vectorisation (vmap). A batch tracer carries a value with one extra axis, `batchDim`, or null
 * when the value is the same for every batch element. Each primitive's batching rule maps the
 * batched operation to one (batched) primitive application, so work stays batched.
 */

import { ShapedArray } from "../core/aval.ts";
import type { DeviceArray } from "../core/array.ts";
import type { BatchDim, Params, Primitive } from "../core/primitive.ts";
import { bind, fullLower, type MainTrace, Trace, Tracer, withNewMain } from "../core/trace.ts";
import { NotImplementedError } from "../errors.ts";
import * as lax from "../lax/lax.ts";

export class BatchTracer extends Tracer {
  constructor(readonly trace: BatchTrace, readonly val: DeviceArray, readonly batchDim: BatchDim) {
    super();
  }
  get aval(): ShapedArray {
    const a = this.val.aval;
    if (this.batchDim === null) return a;
    const shape = a.shape.filter((_, i) => i !== this.batchDim);
    return new ShapedArray(shape, a.dtype, a.weakType);
  }
  override fullLower(): DeviceArray {
    return this.batchDim === null ? fullLower(this.val) : this;
  }
}

export class BatchTrace extends Trace {
  get axisSize(): number {
    return this.main.globalData as number;
  }

  pure(val: DeviceArray): DeviceArray {
    return new BatchTracer(this, val, null);
  }

  processPrimitive(prim: Primitive, args: DeviceArray[], params: Params): DeviceArray[] {
    const tracers = args as BatchTracer[];
    const vals = tracers.map((t) => t.val);
    const dims = tracers.map((t) => t.batchDim);
    if (dims.every((d) => d === null)) {
      return bind(prim, vals, params).map((o) => new BatchTracer(this, o, null));
    }
    const rule = prim.batch;
    if (!rule) throw new NotImplementedError(`Batching rule for '${prim.name}' not implemented`);
    const [outs, outDims] = rule(vals, dims, params, this.axisSize);
    return outs.map((o, i) => new BatchTracer(this, o, outDims[i]));
  }

  override get name(): string {
    return "BatchTrace";
  }
}

/** Moves the batch axis of `x` from `from` to `to` (broadcasting unbatched values). */
export function moveaxis(
  x: DeviceArray,
  from: BatchDim,
  to: number,
  axisSize: number,
): DeviceArray {
  if (from === null) {
    const shape = [...x.shape];
    shape.splice(to, 0, axisSize);
    const dims = x.shape.map((_, i) => (i < to ? i : i + 1));
    return lax.broadcastInDim(x, shape, dims);
  }
  if (from === to) return x;
  const perm = x.shape.map((_, i) => i).filter((i) => i !== from);
  perm.splice(to, 0, from);
  return lax.transpose(x, perm);
}

/** Runs `fn` (flat lists) with inputs batched along `inDims`; returns outputs and their dims. */
export function vmapFlat(
  fn: (...args: DeviceArray[]) => DeviceArray[],
  axisSize: number,
  args: readonly DeviceArray[],
  inDims: readonly BatchDim[],
): [DeviceArray[], BatchDim[]] {
  return withNewMain(BatchTrace, axisSize, (main: MainTrace) => {
    const trace = main.trace as BatchTrace;
    const ins = args.map((a, i) => (inDims[i] === null ? a : new BatchTracer(trace, a, inDims[i])));
    const outs = fn(...ins);
    const vals: DeviceArray[] = [];
    const dims: BatchDim[] = [];
    for (const o of outs) {
      if (o instanceof BatchTracer && o.trace.main === main) {
        vals.push(o.val);
        dims.push(o.batchDim);
      } else {
        vals.push(o);
        dims.push(null);
      }
    }
    return [vals, dims];
  });
}
