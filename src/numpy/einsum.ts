/**
 * `jnp.einsum`: Einstein summation, lowered as JAX lowers each contraction (`_einsum` in
 * jax/_src/numpy/einsum.py) to `dot_general`, `reduce_sum`, a diagonal mask and `transpose`.
 *
 * Contraction order. JAX asks opt_einsum for a path; jaxscript uses a greedy order instead: while
 * more than one operand is left, contract the pair whose result has the fewest elements (ties:
 * the leftmost pair), so large intermediates are avoided for chains like "ij,jk,kl". Each pairwise
 * step first sums out the labels only its operand uses, takes diagonals of repeated labels,
 * squeezes size-1 axes that broadcast against the other side, then one dot_general contracts the
 * shared labels that are needed nowhere later and batches the shared ones that are.
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { checkOptions, isOptionsObject } from "../options.ts";
import { prod } from "../shape.ts";
import { asarray, resultKind } from "./convert.ts";

/** An operand with one label per axis. */
interface Term {
  x: DeviceArray;
  labels: string[];
}

const LETTER = /^[a-zA-Z]$/;

/**
 * Ellipsis axes get labels that cannot clash with user letters (private-use code points), in
 * order, right-aligned so that shorter ellipses broadcast against the trailing axes.
 */
function ellipsisLabels(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String.fromCharCode(0xe000 + i));
}

/**
 * Parses einsum subscripts into per-operand labels and output labels (opt_einsum's rules; `...`
 * becomes private labels, right-aligned). Internal to `jnp.einsum`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * import { parseSubscripts } from "./einsum.ts";
 * parseSubscripts("ij,jk", [2, 2]);
 * // { inputs: [ [ "i", "j" ], [ "j", "k" ] ], output: [ "i", "k" ] }
 * ```
 */
export function parseSubscripts(
  subscripts: string,
  ranks: readonly number[],
): { inputs: string[][]; output: string[] } {
  const s = subscripts.replace(/ /g, "");
  for (const c of s) {
    if (!LETTER.test(c) && !".,->".includes(c)) {
      throw new ValueError(`Character '${c}' is not a valid symbol.`);
    }
  }
  const arrows = s.split("->").length - 1;
  if (s.includes("-") || s.includes(">")) {
    if (arrows !== 1 || (s.match(/-/g) ?? []).length > 1 || (s.match(/>/g) ?? []).length > 1) {
      throw new ValueError("Subscripts can only contain one '->'.");
    }
  }
  const [lhs, rhs] = arrows ? s.split("->") : [s, null];
  const terms = lhs.split(",");
  if (terms.length !== ranks.length) {
    throw new ValueError("Number of einsum subscripts must be equal to the number of operands.");
  }
  const maxRank = Math.max(0, ...ranks);
  const ell = ellipsisLabels(maxRank);
  let longest = 0;
  const inputs = terms.map((t, num) => {
    if (!t.includes(".")) return [...t];
    if ((t.match(/\./g) ?? []).length !== 3 || t.split("...").length !== 2) {
      throw new ValueError("Invalid Ellipses.");
    }
    const count = ranks[num] - (t.length - 3);
    if (count < 0) throw new ValueError("Ellipses lengths do not match.");
    longest = Math.max(longest, count);
    const [before, after] = t.split("...");
    return [...before, ...ell.slice(maxRank - count), ...after];
  });
  const outEll = ell.slice(maxRank - longest);
  let output: string[];
  if (rhs === null) {
    // Implicit output: the ellipsis axes, then labels used exactly once, in alphabetical order.
    const all = inputs.flat();
    const once = [...new Set(all)].filter((c) =>
      LETTER.test(c) && all.indexOf(c) === all.lastIndexOf(c)
    );
    output = [...outEll, ...once.sort()];
  } else {
    if (rhs.includes(".") && ((rhs.match(/\./g) ?? []).length !== 3 || !rhs.includes("..."))) {
      throw new ValueError("Invalid Ellipses.");
    }
    const [before, after] = rhs.includes("...") ? rhs.split("...") : [rhs, ""];
    output = [...before, ...(rhs.includes("...") ? outEll : []), ...after];
  }
  const used = new Set(inputs.flat());
  const seen = new Set<string>();
  for (const c of output) {
    if (!used.has(c)) throw new ValueError(`Output character '${c}' did not appear in the input`);
    if (seen.has(c)) {
      throw new ValueError(`Output character '${c}' appeared more than once in the output.`);
    }
    seen.add(c);
  }
  return { inputs, output };
}

/** Checks ranks and label sizes: equal sizes, or 1 that broadcasts (as opt_einsum allows). */
function checkSizes(subscripts: string[], terms: Term[]): void {
  const size = new Map<string, number>();
  terms.forEach(({ x, labels }, t) => {
    if (labels.length !== x.ndim) {
      throw new ValueError(
        `Einstein sum subscript '${subscripts[t]}' does not contain the correct number of ` +
          `indices for operand ${t}.`,
      );
    }
    const local = new Map<string, number>();
    labels.forEach((c, i) => {
      const d = x.shape[i];
      if (local.has(c) && local.get(c) !== d) {
        throw new ValueError(
          `dimensions in operand ${t} for collapsing index '${c}' don't match ` +
            `(${local.get(c)} != ${d})`,
        );
      }
      local.set(c, d);
      const prev = size.get(c);
      if (prev === undefined || prev === 1) size.set(c, d);
      else if (d !== 1 && d !== prev) {
        throw new ValueError(
          `Size of label '${c}' for operand ${t} (${d}) does not match previous terms (${prev}).`,
        );
      }
    });
  });
}

/** Sums axes (bools reduce with or, as JAX's einsum does). */
function sumAxes(x: DeviceArray, axes: number[]): DeviceArray {
  return x.dtype === "bool" ? lax.reduceOr(x, axes) : lax.reduceSum(x, axes);
}

/** Removes labels used by this term only and needed nowhere else: one reduce_sum. */
function sumUniques(t: Term, keep: Set<string>, other: string[]): Term {
  const axes = t.labels.flatMap((c, i) =>
    !keep.has(c) && !other.includes(c) && t.labels.indexOf(c) === t.labels.lastIndexOf(c) ? [i] : []
  );
  if (!axes.length) return t;
  return { x: sumAxes(t.x, axes), labels: t.labels.filter((_, i) => !axes.includes(i)) };
}

/**
 * Repeated labels within one term: keep the diagonal (mask off-diagonal entries with an identity
 * pattern, then sum all but one copy), or the trace when the label is needed nowhere else.
 */
function sumRepeats(t: Term, keep: Set<string>, other: string[]): Term {
  let { x, labels } = t;
  for (const c of [...new Set(labels)]) {
    const axes = labels.flatMap((l, i) => (l === c ? [i] : []));
    if (axes.length < 2) continue;
    let eye: DeviceArray | null = null;
    const first = lax.broadcastedIota("int32", x.shape, axes[0]);
    for (const a of axes.slice(1)) {
      const same = lax.eq(first, lax.broadcastedIota("int32", x.shape, a));
      eye = eye ? lax.bitwiseAnd(eye, same) : same;
    }
    x = lax.select(eye!, x, lax.broadcastInDim(lax.convertElementType(0, x.dtype), x.shape, []));
    const drop = keep.has(c) || other.includes(c) ? axes.slice(0, -1) : axes;
    x = sumAxes(x, drop);
    labels = labels.filter((_, i) => !drop.includes(i));
  }
  return { x, labels };
}

/** Squeezes size-1 axes whose label has a larger size in the other term (they broadcast). */
function filterSingletons(t: Term, o: Term): Term {
  const drop = t.labels.flatMap((c, i) => {
    const j = o.labels.indexOf(c);
    return t.x.shape[i] === 1 && j >= 0 && o.x.shape[j] !== 1 ? [i] : [];
  });
  if (!drop.length) return t;
  return { x: lax.squeeze(t.x, drop), labels: t.labels.filter((_, i) => !drop.includes(i)) };
}

/** Reduces one term to exactly the labels in `keep` that it has (sums and diagonals). */
function reduceTerm(t: Term, keep: Set<string>): Term {
  return sumRepeats(sumUniques(t, keep, []), keep, []);
}

/** One pairwise contraction; the result keeps the labels in `keep` (in dot_general's order). */
function contractPair(a: Term, b: Term, keep: Set<string>): Term {
  let l = filterSingletons(a, b);
  let r = filterSingletons(b, l);
  l = sumRepeats(sumUniques(l, keep, r.labels), keep, r.labels);
  r = sumRepeats(sumUniques(r, keep, l.labels), keep, l.labels);
  const shared = l.labels.filter((c) => r.labels.includes(c));
  const batch = shared.filter((c) => keep.has(c));
  const contract = shared.filter((c) => !keep.has(c));
  const x = lax.dotGeneral(l.x, r.x, [
    [contract.map((c) => l.labels.indexOf(c)), contract.map((c) => r.labels.indexOf(c))],
    [batch.map((c) => l.labels.indexOf(c)), batch.map((c) => r.labels.indexOf(c))],
  ]);
  const rest = (t: Term) => t.labels.filter((c) => !shared.includes(c));
  return { x, labels: [...batch, ...rest(l), ...rest(r)] };
}

/** Elements of the result of contracting a and b (for the greedy order). */
function resultSize(a: Term, b: Term, keep: Set<string>): number {
  const size = new Map<string, number>();
  for (const t of [a, b]) {
    t.labels.forEach((c, i) => size.set(c, Math.max(size.get(c) ?? 1, t.x.shape[i])));
  }
  return prod([...size].filter(([c]) => keep.has(c)).map(([, d]) => d));
}

/**
 * JAX's keyword arguments of `jnp.einsum` that are accepted: the contraction order and the
 * precision, neither of which changes the values here.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.EinsumOptions = { optimize: "optimal" };
 * jnp.einsum("i,i->", jnp.arange(3), jnp.arange(3), opts); // DeviceArray(5, dtype=int32)
 * ```
 */
export interface EinsumOptions {
  /** JAX's contraction-order strategy (the order here is always greedy by result size). */
  optimize?: string | boolean;
  /** JAX's dot precision (float32 products are computed exactly here). */
  precision?: unknown;
}

/**
 * Einstein summation over the operands' labelled axes, JAX's `jnp.einsum`. Explicit output
 * (`"ij,jk->ik"`), implicit output (labels used once, alphabetically: `"ij,jk"`), diagonals
 * (`"ii->i"`), traces and sums (`"ii"`, `"ij->"`), `...` for broadcast leading axes. Inputs are
 * promoted to a common dtype; the result is weakly typed only if every input is.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const a = jnp.arange(6).reshape([2, 3]), b = jnp.ones([3, 2], { dtype: "int32" });
 * // a matrix product, a diagonal, a sum of all elements, a batched matrix product:
 * jnp.einsum("ij,jk->ik", a, b);
 * // DeviceArray([[ 3,  3],
 * //              [12, 12]], dtype=int32)
 * jnp.einsum("ii->i", jnp.array([[1, 2], [3, 4]])); // DeviceArray([1, 4], dtype=int32)
 * jnp.einsum("ij->", a); // DeviceArray(15, dtype=int32)
 * jnp.einsum("...ij,...jk->...ik", jnp.ones([5, 2, 3]), jnp.ones([5, 3, 4])).shape; // [ 5, 2, 4 ]
 * jnp.einsum("ij->", a, { optimize: "greedy" }); // keywords last: DeviceArray(15, dtype=int32)
 * ```
 */
export function einsum(
  subscripts: string,
  ...operands: (ArrayLike | EinsumOptions)[]
): DeviceArray {
  if (typeof subscripts !== "string") {
    throw new TypeError("einsum: the first argument must be a subscripts string like 'ij,jk->ik'");
  }
  if (operands.length && isOptionsObject(operands[operands.length - 1])) {
    // JAX's keywords: the contraction order (optimize) and precision do not change the values.
    checkOptions("jnp.einsum", operands[operands.length - 1], ["optimize", "precision"]);
    operands = operands.slice(0, -1);
  }
  if (operands.length === 0) throw new ValueError("No input operands");
  const arrays = operands.map((o) => asarray(o as ArrayLike));
  const kind = resultKind(arrays);
  const { inputs, output } = parseSubscripts(subscripts, arrays.map((a) => a.ndim));
  let terms: Term[] = arrays.map((a, i) => ({
    x: a.dtype === kind.dtype ? a : lax.convertElementType(a, kind.dtype),
    labels: inputs[i],
  }));
  checkSizes(subscripts.replace(/ /g, "").split("->")[0].split(","), terms);
  const out = new Set(output);
  while (terms.length > 1) {
    let best: [number, number] = [0, 1];
    let bestSize = Infinity;
    for (let i = 0; i < terms.length; i++) {
      for (let j = i + 1; j < terms.length; j++) {
        const keep = keepFor(terms, i, j, out);
        const s = resultSize(terms[i], terms[j], keep);
        if (s < bestSize) [bestSize, best] = [s, [i, j]];
      }
    }
    const [i, j] = best;
    const t = contractPair(terms[i], terms[j], keepFor(terms, i, j, out));
    terms = [...terms.filter((_, k) => k !== i && k !== j), t];
  }
  const final = reduceTerm(terms[0], out);
  const perm = output.map((c) => final.labels.indexOf(c));
  return lax.convertElementType(lax.transpose(final.x, perm), kind.dtype, kind.weak);
}

/** The labels a contraction of terms i and j must keep: the output's and the other terms'. */
function keepFor(terms: Term[], i: number, j: number, out: Set<string>): Set<string> {
  const keep = new Set(out);
  terms.forEach((t, k) => {
    if (k !== i && k !== j) { for (const c of t.labels) keep.add(c); }
  });
  return keep;
}
