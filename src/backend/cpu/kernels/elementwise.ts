/**
 * Eager elementwise kernels, generated once per (primitive, dtypes, params, operand layout) from
 * the expression templates and cached. Operands are full-size or rank-0; lax-style size-1
 * broadcasting is materialised first.
 */

import type { ShapedArray } from "../../../core/aval.ts";
import type { Params } from "../../../core/primitive.ts";
import { allocTyped, type TypedArray } from "../../../dtype.ts";
import { exprTemplates } from "../expr.ts";
import { cpuHelpers } from "../helpers.ts";
import { broadcastTo } from "./structural.ts";

type Loop = (ins: TypedArray[], out: TypedArray, n: number) => void;

const cache = new Map<string, Loop>();

/** Params that change the generated code (others, like sharding, do not). */
function paramsKey(params: Params): string {
  let k = "";
  if (params.rounding_method !== undefined) k += `r${params.rounding_method}`;
  if (params.y !== undefined) k += `y${params.y}`;
  return k;
}

function buildLoop(
  name: string,
  inAvals: ShapedArray[],
  outAval: ShapedArray,
  params: Params,
  scalar: boolean[],
): Loop {
  const tmpl = exprTemplates[name];
  if (!tmpl) throw new Error(`no elementwise template for ${name}`);
  const n = inAvals.length;
  const pre: string[] = [], body: string[] = [], args: string[] = [];
  for (let j = 0; j < n; j++) {
    pre.push(`const a${j} = ins[${j}];`);
    if (scalar[j]) pre.push(`const x${j} = a${j}[0];`);
    else body.push(`const x${j} = a${j}[i];`);
    args.push(`x${j}`);
  }
  const expr = tmpl(args, inAvals.map((a) => a.dtype), outAval.dtype, params);
  const src = `"use strict";\nreturn function(ins, out, n) {\n${pre.join("\n")}\n` +
    `for (let i = 0; i < n; i++) {\n${body.join("\n")}\nout[i] = ${expr};\n}\n};`;
  return new Function("h", src)(cpuHelpers) as Loop;
}

/** Runs an elementwise primitive eagerly. */
export function elementwise(
  name: string,
  inputs: TypedArray[],
  inAvals: ShapedArray[],
  outAval: ShapedArray,
  params: Params,
): TypedArray {
  const size = outAval.size;
  const scalar = new Array<boolean>(inputs.length);
  let key = name + ":" + outAval.dtype + ":" + paramsKey(params);
  for (let j = 0; j < inputs.length; j++) {
    const a = inAvals[j];
    if (a.shape.length === 0 || (a.size === 1 && size !== 1)) scalar[j] = true;
    else {
      scalar[j] = false;
      if (a.size !== size) inputs = replaceAt(inputs, j, broadcastTo(inputs[j], a, outAval.shape));
    }
    key += (scalar[j] ? "s" : "v") + a.dtype[0];
  }
  let loop = cache.get(key);
  if (!loop) {
    loop = buildLoop(name, inAvals, outAval, params, scalar);
    cache.set(key, loop);
  }
  const out = allocTyped(outAval.dtype, size);
  loop(inputs, out, size);
  return out;
}

function replaceAt(xs: TypedArray[], j: number, v: TypedArray): TypedArray[] {
  const copy = xs.slice();
  copy[j] = v;
  return copy;
}
