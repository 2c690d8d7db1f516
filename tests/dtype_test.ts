import { assert, test } from "./harness.ts";
import { promoteKinds, type TypedKind } from "../src/dtype.ts";
import { jnp } from "../mod.ts";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** Parses ../shared/spec/dtype_table.md into rows of (a, b) → result for our dtypes. */
async function table(): Promise<[string, string, string][]> {
  const md = await readFile(
    fileURLToPath(new URL("../../shared/spec/dtype_table.md", import.meta.url)),
    "utf8",
  );
  const lines = md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("|---"));
  const header = lines[0].split("|").map((s) => s.trim()).filter(Boolean).slice(1);
  const rows: [string, string, string][] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split("|").map((s) => s.trim()).filter(Boolean);
    const a = cells[0];
    cells.slice(1).forEach((r, i) => rows.push([a, header[i], r]));
  }
  return rows;
}

const OURS: Record<string, TypedKind> = {
  bool: { dtype: "bool", weak: false },
  uint32: { dtype: "uint32", weak: false },
  int32: { dtype: "int32", weak: false },
  float32: { dtype: "float32", weak: false },
  "int*": { dtype: "int32", weak: true },
  "float*": { dtype: "float32", weak: true },
};

test("dtype promotion matches JAX's table for every pair of supported dtypes", async () => {
  let checked = 0;
  for (const [a, b, r] of await table()) {
    const ka = OURS[a], kb = OURS[b];
    if (!ka || !kb) continue;
    const want = { dtype: r.replace("*", ""), weak: r.endsWith("*") };
    const got = promoteKinds(ka, kb);
    assert.deepEqual(got, want, `${a} + ${b}`);
    checked++;
  }
  assert.equal(checked, 36);
});

test("jnp follows the lattice with JS numbers as weak scalars", async () => {
  const i = jnp.arange(3);
  const f = jnp.array([1.5, 2.5]);
  const u = jnp.array([1, 2], { dtype: "uint32" });
  assert.equal(jnp.add(i, 1).dtype, "int32");
  assert.equal(jnp.add(i, 1).weakType, false);
  assert.equal(jnp.add(i, 1.5).dtype, "float32");
  assert.equal(jnp.add(i, 1.5).weakType, true);
  assert.equal(jnp.add(f, 1).dtype, "float32");
  assert.equal(jnp.add(u, 1).dtype, "uint32");
  assert.equal(jnp.add(u, jnp.array([1, 2])).dtype, "int32");
  assert.equal(jnp.add(true, false).dtype, "bool");
  assert.equal(jnp.asarray(3).weakType, true);
  assert.deepEqual(await jnp.add(u, 1).tolist(), [2, 3]);
});
