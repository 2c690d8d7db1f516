/**
 * Pytrees, JAX's `jax.tree_util`: nested containers of leaves. Containers are JS arrays (JAX's
 * tuples/lists) and plain objects (JAX's dicts, flattened in sorted key order); `null` and
 * `undefined` are empty trees (JAX's None); everything else — arrays, numbers — is a leaf.
 */

import { DeviceArray } from "./core/array.ts";
import { ValueError } from "./errors.ts";
import { checkExtraArguments, checkOptions, tooManyArguments } from "./options.ts";
import { describeValue } from "./shape.ts";

/**
 * The structure of a pytree with its leaves removed (JAX's `PyTreeDef`), from `tree.flatten` or
 * `tree.structure`.
 *
 * @example
 * ```ts
 * import { tree } from "@jaxscript/jaxscript";
 * const def: tree.TreeDef = tree.structure([1, { a: 2, b: null }]);
 * String(def); // "PyTreeDef((*, {'a': *, 'b': None}))"
 * def.numLeaves; // 2
 * ```
 */
export class TreeDef {
  /** A structure node (built by `flatten`). */
  constructor(
    /** What the node is: a leaf, an empty tree (null/undefined), a JS array or a plain object. */
    readonly kind: "leaf" | "none" | "array" | "object",
    /** The child structures (of an array's items, or an object's values in key order). */
    readonly children: readonly TreeDef[] = [],
    /** An object's keys, sorted. */
    readonly keys: readonly string[] = [],
    /** For "none": whether the empty tree was `null` or `undefined`. */
    readonly noneValue: null | undefined = null,
  ) {}

  /** Number of leaves. */
  get numLeaves(): number {
    if (this.kind === "leaf") return 1;
    let n = 0;
    for (const c of this.children) n += c.numLeaves;
    return n;
  }

  /** JAX's text form: `PyTreeDef((*, {'a': *}))`. */
  toString(): string {
    return `PyTreeDef(${this.body()})`;
  }

  /** The structure without the `PyTreeDef(...)` wrapper, used as a cache key. */
  body(): string {
    switch (this.kind) {
      case "leaf":
        return "*";
      case "none":
        return "None";
      case "array": {
        const inner = this.children.map((c) => c.body());
        return inner.length === 1 ? `(${inner[0]},)` : `(${inner.join(", ")})`;
      }
      case "object":
        return `{${this.keys.map((k, i) => `'${k}': ${this.children[i].body()}`).join(", ")}}`;
    }
  }

  /** Whether two structures are the same (JAX's `==` on treedefs). */
  equals(other: TreeDef): boolean {
    return this.body() === other.body();
  }
}

const LEAF = new TreeDef("leaf");

/**
 * Whether a value is a plain object (a dict-like container, not a class instance): the objects
 * pytrees look into.
 *
 * @example
 * ```ts
 * import { jnp, tree } from "@jaxscript/jaxscript";
 * tree.isPlainObject({ a: 1 }); // true
 * tree.isPlainObject(jnp.zeros([2])); // false
 * ```
 */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (arguments.length > 1) {
    checkExtraArguments("tree.isPlainObject", 1, 1, arguments.length, arguments[1], arguments[2]);
  }
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Flattens a pytree into its leaves and structure, JAX's `tree_util.tree_flatten`. Object keys are
 * visited in sorted order; `isLeaf` can stop the descent early.
 *
 * @example
 * ```ts
 * import { tree } from "@jaxscript/jaxscript";
 * const [leaves, def] = tree.flatten({ b: [1, 2], a: 3 });
 * leaves; // [ 3, 1, 2 ]
 * String(def); // "PyTreeDef({'a': *, 'b': (*, *)})"
 * ```
 */
export function flatten(
  x: unknown,
  isLeaf?: ((x: unknown) => boolean) | { isLeaf?: (x: unknown) => boolean },
): [unknown[], TreeDef] {
  if (arguments.length > 2 || (isLeaf !== undefined && typeof isLeaf !== "function")) {
    isLeaf = isLeafArg("tree.flatten", isLeaf, arguments.length);
  }
  const leafTest = isLeaf as ((x: unknown) => boolean) | undefined;
  const leaves: unknown[] = [];
  const build = (v: unknown): TreeDef => {
    if (leafTest?.(v)) {
      leaves.push(v);
      return LEAF;
    }
    if (v === null || v === undefined) return new TreeDef("none", [], [], v);
    if (v instanceof DeviceArray) {
      leaves.push(v);
      return LEAF;
    }
    if (Array.isArray(v)) return new TreeDef("array", v.map(build));
    if (isPlainObject(v)) {
      const keys = Object.keys(v).sort();
      return new TreeDef("object", keys.map((k) => build(v[k])), keys);
    }
    leaves.push(v);
    return LEAF;
  };
  const def = build(x);
  return [leaves, def];
}

/**
 * Rebuilds a pytree from a structure and leaves, JAX's `tree_util.tree_unflatten`.
 *
 * @example
 * ```ts
 * import { tree } from "@jaxscript/jaxscript";
 * const [leaves, def] = tree.flatten([1, { a: 2 }]);
 * tree.unflatten(def, leaves.map((x) => (x as number) * 10)); // [ 10, { a: 20 } ]
 * ```
 */
export function unflatten(def: TreeDef, leaves: readonly unknown[]): unknown {
  if (arguments.length > 2) throw tooManyArguments("tree.unflatten", 2, 2, arguments.length);
  let i = 0;
  const build = (d: TreeDef): unknown => {
    switch (d.kind) {
      case "leaf":
        return leaves[i++];
      case "none":
        return d.noneValue;
      case "array":
        return d.children.map(build);
      case "object": {
        const out: Record<string, unknown> = {};
        d.keys.forEach((k, j) => (out[k] = build(d.children[j])));
        return out;
      }
    }
  };
  const out = build(def);
  if (i !== leaves.length) {
    throw new ValueError(
      `Too many leaves for PyTreeDef; expected ${def.numLeaves}, got ${leaves.length}.`,
    );
  }
  return out;
}

/**
 * The leaves of a pytree, in flattening order, JAX's `tree_util.tree_leaves`.
 *
 * @example
 * ```ts
 * import { tree } from "@jaxscript/jaxscript";
 * tree.leaves({ b: [1, 2], a: 3, c: null }); // [ 3, 1, 2 ]
 * tree.leaves([[1, 2], [3]], (v) => Array.isArray(v) && v.length === 1); // [ 1, 2, [ 3 ] ]
 * ```
 */
export function leaves(
  x: unknown,
  isLeaf?: ((x: unknown) => boolean) | { isLeaf?: (x: unknown) => boolean },
): unknown[] {
  return flatten(x, isLeafArg("tree.leaves", isLeaf, arguments.length))[0];
}

/** JAX's `is_leaf` argument: a predicate, positional or `{ isLeaf }`. */
function isLeafArg(
  fn: string,
  isLeaf: unknown,
  nargs: number,
): ((x: unknown) => boolean) | undefined {
  if (nargs > 2) throw tooManyArguments(fn, 1, 2, nargs);
  if (isPlainObject(isLeaf)) {
    checkOptions(fn, isLeaf, ["isLeaf"]);
    isLeaf = isLeaf.isLeaf;
  }
  if (isLeaf != null && typeof isLeaf !== "function") {
    throw new TypeError(`${fn}: isLeaf must be a function, got ${describeValue(isLeaf)}`);
  }
  return (isLeaf ?? undefined) as ((x: unknown) => boolean) | undefined;
}

/**
 * The structure of a pytree, JAX's `tree_util.tree_structure`.
 *
 * @example
 * ```ts
 * import { tree } from "@jaxscript/jaxscript";
 * String(tree.structure({ w: 0, b: [0, 0] })); // "PyTreeDef({'b': (*, *), 'w': *})"
 * ```
 */
export function structure(
  x: unknown,
  isLeaf?: ((x: unknown) => boolean) | { isLeaf?: (x: unknown) => boolean },
): TreeDef {
  return flatten(x, isLeafArg("tree.structure", isLeaf, arguments.length))[1];
}

/**
 * Applies `f` to every leaf (of `x` and, in parallel, of `rest`, which must share x's structure),
 * JAX's `tree_util.tree_map`.
 *
 * @example
 * ```ts
 * import { jnp, tree } from "@jaxscript/jaxscript";
 * const params = { w: jnp.array([1, 2]), b: jnp.array(0.5) };
 * const grads = { w: jnp.array([0.5, 0.5]), b: jnp.array(1) };
 * const next = tree.map((p, g) => jnp.subtract(p, jnp.multiply(0.1, g)), params, grads);
 * next.w; // DeviceArray([0.95, 1.95], dtype=float32)
 * ```
 */
export function map<T = unknown>(
  // deno-lint-ignore no-explicit-any
  f: (...leaves: any[]) => T,
  x: unknown,
  ...rest: unknown[]
  // deno-lint-ignore no-explicit-any
): any {
  const [xs, def] = flatten(x);
  const others = rest.map((r) => {
    const [ls, d] = flatten(r);
    if (!d.equals(def)) {
      throw new ValueError(`Custom node type mismatch; expected type: ${def}; value: ${d}.`);
    }
    return ls;
  });
  return unflatten(def, xs.map((l, i) => f(l, ...others.map((o) => o[i]))));
}

/**
 * Broadcasts a tree prefix (like vmap's inAxes) onto the leaves of a full tree: returns one prefix
 * leaf per leaf of `full`. Throws `ValueError` if `prefix` is not a prefix of `full`.
 *
 * @example
 * ```ts
 * import { tree } from "@jaxscript/jaxscript";
 * const isAxis = (x: unknown) => x === null || typeof x === "number";
 * tree.broadcastPrefix([0, null], [[1, 2], { a: 3 }], isAxis); // [ 0, 0, null ]
 * ```
 */
export function broadcastPrefix(
  prefix: unknown,
  full: unknown,
  isPrefixLeaf: (x: unknown) => boolean,
): unknown[] {
  if (arguments.length > 3) throw tooManyArguments("tree.broadcastPrefix", 3, 3, arguments.length);
  const out: unknown[] = [];
  const walk = (p: unknown, f: unknown) => {
    if (isPrefixLeaf(p)) {
      const n = flatten(f)[0].length;
      for (let i = 0; i < n; i++) out.push(p);
      return;
    }
    if (Array.isArray(p) && Array.isArray(f) && p.length === f.length) {
      p.forEach((pi, i) => walk(pi, f[i]));
      return;
    }
    if (isPlainObject(p) && isPlainObject(f)) {
      const pk = Object.keys(p).sort(), fk = Object.keys(f).sort();
      if (pk.join("\u0000") === fk.join("\u0000")) {
        pk.forEach((k) => walk(p[k], f[k]));
        return;
      }
    }
    throw new ValueError(
      `Tree prefix mismatch: ${structure(p)} is not a prefix of ${structure(f)}`,
    );
  };
  walk(prefix, full);
  return out;
}
