/**
 * A small Wadler-style pretty printer with the semantics of JAX's `pretty_printer` (text, concat,
 * breaks, groups, nesting), so jaxprs break lines exactly where JAX's do.
 */

/** A document to lay out. */
export type Doc =
  | { kind: "text"; text: string }
  | { kind: "concat"; children: Doc[] }
  | { kind: "brk"; text: string }
  | { kind: "group"; child: Doc }
  | { kind: "nest"; n: number; child: Doc };

export const nil: Doc = { kind: "concat", children: [] };

export function text(s: string): Doc {
  return { kind: "text", text: s };
}

export function concat(children: Doc[]): Doc {
  return children.length === 1 ? children[0] : { kind: "concat", children };
}

/** A break: printed as `s` (a space by default) when its group fits, else as a newline. */
export function brk(s = " "): Doc {
  return { kind: "brk", text: s };
}

export function group(child: Doc): Doc {
  return { kind: "group", child };
}

export function nest(n: number, child: Doc): Doc {
  return { kind: "nest", n, child };
}

export function join(sep: Doc, docs: Doc[]): Doc {
  const out: Doc[] = [];
  docs.forEach((d, i) => {
    if (i > 0) out.push(sep);
    out.push(d);
  });
  return concat(out);
}

type Mode = "flat" | "break";
type Item = [indent: number, mode: Mode, doc: Doc];

/** Whether a group laid out flat fits in `width` columns. */
function fits(width: number, agenda: Item[]): boolean {
  while (width >= 0 && agenda.length > 0) {
    const [i, m, doc] = agenda.pop()!;
    switch (doc.kind) {
      case "text":
        width -= doc.text.length;
        break;
      case "concat":
        for (let j = doc.children.length - 1; j >= 0; j--) agenda.push([i, m, doc.children[j]]);
        break;
      case "brk":
        if (m === "break") return true;
        width -= doc.text.length;
        break;
      case "nest":
        agenda.push([i + doc.n, m, doc.child]);
        break;
      case "group":
        agenda.push([i, "flat", doc.child]);
        break;
    }
  }
  return width >= 0;
}

/** Lays a document out in `width` columns (JAX formats jaxprs at 80). */
export function format(doc: Doc, width = 80): string {
  const lines: string[] = [];
  let line = "";
  let k = 0;
  const agenda: Item[] = [[0, "break", doc]];
  while (agenda.length > 0) {
    const [i, m, d] = agenda.pop()!;
    switch (d.kind) {
      case "text":
        line += d.text;
        k += d.text.length;
        break;
      case "concat":
        for (let j = d.children.length - 1; j >= 0; j--) agenda.push([i, m, d.children[j]]);
        break;
      case "brk":
        if (m === "break") {
          lines.push(line);
          line = " ".repeat(i);
          k = i;
        } else {
          line += d.text;
          k += d.text.length;
        }
        break;
      case "nest":
        agenda.push([i + d.n, m, d.child]);
        break;
      case "group":
        agenda.push([i, fits(width - k, [[i, "flat", d.child]]) ? "flat" : "break", d.child]);
        break;
    }
  }
  lines.push(line);
  return lines.join("\n");
}
