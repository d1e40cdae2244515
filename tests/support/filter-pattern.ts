/**
 * A minimal CloudWatch Logs JSON filter-pattern matcher, for testing the patterns we deploy against
 * the lines our code writes: `{ <expr> }` where expr combines `$.a.b[0] <op> <value>` with `&&`,
 * `||` and parentheses; ops `=` and `!=` (strings, `*` a wildcard; numbers) and `<`, `<=`, `>`,
 * `>=` (numbers). A line that is not a JSON object matches no JSON pattern, as in CloudWatch; a
 * comparison on a field the line lacks is false. Anything else in the pattern is a test error.
 */
type Value = { kind: "string"; text: string } | { kind: "number"; n: number };
type Node =
  | { op: "&&" | "||"; left: Node; right: Node }
  | { op: "=" | "!=" | "<" | "<=" | ">" | ">="; path: (string | number)[]; value: Value };

const TOKEN = /\s*(\|\||&&|!=|<=|>=|=|<|>|\(|\)|"(?:[^"\\]|\\.)*"|\$(?:\.[A-Za-z_][\w-]*|\[\d+\])*|[^\s()=!<>&|"]+)/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(source);
    if (!m) throw new Error(`filter pattern: cannot read ${JSON.stringify(source.slice(TOKEN.lastIndex))}`);
    tokens.push(m[1]!);
  }
  return tokens;
}

export function parseJsonFilterPattern(pattern: string): Node {
  const body = /^\s*\{(.*)\}\s*$/s.exec(pattern);
  if (!body) throw new Error(`filter pattern: ${JSON.stringify(pattern)} is not a JSON pattern ({ ... })`);
  const tokens = tokenize(body[1]!);
  let i = 0;
  const peek = () => tokens[i];
  const take = (expected?: string) => {
    const t = tokens[i++];
    if (t === undefined || (expected !== undefined && t !== expected))
      throw new Error(`filter pattern: expected ${expected ?? "more"} at token ${i} of ${JSON.stringify(pattern)}`);
    return t;
  };
  const binary = (op: "&&" | "||", next: () => Node) => (): Node => {
    let left = next();
    while (peek() === op) {
      take();
      left = { op, left, right: next() };
    }
    return left;
  };
  const primary = (): Node => {
    if (peek() === "(") {
      take("(");
      const inner = or();
      take(")");
      return inner;
    }
    const selector = take();
    if (!selector.startsWith("$")) throw new Error(`filter pattern: ${selector} is not a $ selector`);
    const path = [...selector.matchAll(/\.([A-Za-z_][\w-]*)|\[(\d+)\]/g)].map(
      (m) => (m[1] ?? Number(m[2])) as string | number,
    );
    const op = take();
    if (!["=", "!=", "<", "<=", ">", ">="].includes(op)) throw new Error(`filter pattern: ${op} is not an operator`);
    const raw = take();
    const value: Value = raw.startsWith('"')
      ? { kind: "string", text: JSON.parse(raw) as string }
      : /^-?\d+(\.\d+)?$/.test(raw)
        ? { kind: "number", n: Number(raw) }
        : { kind: "string", text: raw };
    return { op: op as "=", path, value };
  };
  const and = binary("&&", primary);
  const or = binary("||", and);
  const tree = or();
  if (i !== tokens.length) throw new Error(`filter pattern: unexpected ${tokens[i]} in ${JSON.stringify(pattern)}`);
  return tree;
}

const glob = (text: string) =>
  new RegExp(
    `^${text
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    "s",
  );

function evaluate(node: Node, event: unknown): boolean {
  if ("left" in node)
    return node.op === "&&"
      ? evaluate(node.left, event) && evaluate(node.right, event)
      : evaluate(node.left, event) || evaluate(node.right, event);
  let field: unknown = event;
  for (const key of node.path) {
    if (field === null || typeof field !== "object") return false;
    field = (field as Record<string | number, unknown>)[key];
  }
  if (field === undefined) return false;
  const { op, value } = node;
  if (value.kind === "number") {
    if (typeof field !== "number") return false;
    const n = value.n;
    return { "=": field === n, "!=": field !== n, "<": field < n, "<=": field <= n, ">": field > n, ">=": field >= n }[
      op
    ];
  }
  if (op !== "=" && op !== "!=") throw new Error(`filter pattern: ${op} compares numbers, not "${value.text}"`);
  const matches = typeof field === "string" && glob(value.text).test(field);
  return op === "=" ? matches : !matches;
}

/** Does the log event (one line) match the JSON filter pattern? */
export function matchesFilterPattern(pattern: string, line: string): boolean {
  const tree = parseJsonFilterPattern(pattern);
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    return false;
  }
  return event !== null && typeof event === "object" && !Array.isArray(event) && evaluate(tree, event);
}
