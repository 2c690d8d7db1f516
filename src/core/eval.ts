/**
 * The eval interpreter (level 0 of the trace stack): runs primitives on concrete arrays, on the
 * device their inputs live on.
 */

import type { DeviceArray } from "./array.ts";
import { ArrayImpl } from "./array_impl.ts";
import type { ShapedArray } from "./aval.ts";
import type { Params, Primitive } from "./primitive.ts";
import { installEvalTrace, Trace } from "./trace.ts";
import type { Device } from "../backend/backend.ts";
import { defaultDevice } from "../backend/devices.ts";
import { ValueError } from "../errors.ts";

export class EvalTrace extends Trace {
  pure(val: DeviceArray): DeviceArray {
    return val;
  }
  processPrimitive(prim: Primitive, args: DeviceArray[], params: Params): DeviceArray[] {
    return evalPrimitive(prim, args as ArrayImpl[], params);
  }
  override get name(): string {
    return "EvalTrace";
  }
}

installEvalTrace(EvalTrace);

/** Runs a primitive on concrete arrays. */
export function evalPrimitive(prim: Primitive, args: ArrayImpl[], params: Params): DeviceArray[] {
  if (prim.impl) return prim.impl(args, params);
  const n = args.length;
  const inAvals = new Array<ShapedArray>(n);
  for (let i = 0; i < n; i++) inAvals[i] = args[i].aval;
  const outAvals = prim.abstractEval(inAvals, params);
  const [device, committed] = placement(args);
  const bufs = new Array<unknown>(n);
  for (let i = 0; i < n; i++) bufs[i] = bufferOn(args[i], device);
  const outBufs = device.backend.execute(prim, params, bufs, inAvals, outAvals);
  const outs = new Array<DeviceArray>(outBufs.length);
  for (let i = 0; i < outBufs.length; i++) {
    outs[i] = new ArrayImpl(outAvals[i], device, outBufs[i], committed);
  }
  return outs;
}

/**
 * Where an operation on `args` runs (JAX's rule): on the device of its committed arguments (two
 * different committed devices are an error), else where all arguments are, else the default.
 */
export function placement(args: readonly ArrayImpl[]): [Device, boolean] {
  let committed: ArrayImpl | null = null;
  let first: Device | null = null;
  let same = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.committed) {
      if (committed && committed.device !== a.device) {
        throw new ValueError(
          `Received incompatible devices for jitted computation. Got argument of shape ` +
            `${committed.aval.strLong()} on ${committed.device} and argument of shape ` +
            `${a.aval.strLong()} on ${a.device}. Move them to one device with devicePut.`,
        );
      }
      committed = a;
    }
    if (first === null) first = a.device;
    else if (a.device !== first) same = false;
  }
  if (committed) return [committed.device, true];
  if (first && same) return [first, false];
  return [defaultDevice(), false];
}

/** The buffer of `x` on `device`, copying it across devices if needed. */
export function bufferOn(x: ArrayImpl, device: Device): unknown {
  if (x.device === device) return x.buffer;
  const host = x.peek();
  if (host === null) {
    throw new Error(
      `The values of an array on ${x.device} are needed on ${device} before they are on the ` +
        `host; await x.blockUntilReady() or devicePut the array first.`,
    );
  }
  return device.backend.fromHost(host, x.aval);
}
