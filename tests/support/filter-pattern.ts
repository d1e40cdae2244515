/**
 * A reader of CloudWatch Logs JSON filter patterns ("Filter pattern syntax for metric filters",
 * JSON log events), for the subset the CIS filters use: `{ … }` around comparisons of a `$.`
 * selector with `=` / `!=` against a quoted or bare string (`*` a wildcard), `NOT EXISTS`, `&&`,
 * `||` and parentheses. `parseFilterPattern` rejects anything else, so a pattern that does not
 * parse here has a typo; `matches` evaluates one against a CloudTrail record.
 */

type Expr =
  | { kind: "and" | "or"; left: Expr; right: Expr }
  | { kind: "compare"; selector: string[]; op: "=" | "!="; value: string }
  | { kind: "notExists"; selector: string[] };

const TOKEN =
  /\s*(?:(\{|\}|\(|\)|&&|\|\||!=|=)|(NOT\s+EXISTS)|(\$(?:\.[A-Za-z0-9_]+)+)|"((?:[^"\\]|\\.)*)"|([A-Za-z0-9_.*:/-]+))/y;

interface Token {
  type: "punct" | "notExists" | "selector" | "string" | "bare";
  text: string;
}

function tokenize(pattern: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < pattern.length) {
    if (/^\s*$/.test(pattern.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(pattern);
    if (!m) throw new Error(`unexpected text at ${at}: ${JSON.stringify(pattern.slice(at, at + 20))}`);
    if (m[1]) out.push({ type: "punct", text: m[1] });
    else if (m[2]) out.push({ type: "notExists", text: "NOT EXISTS" });
    else if (m[3]) out.push({ type: "selector", text: m[3] });
    else if (m[4] !== undefined) out.push({ type: "string", text: m[4] });
    else out.push({ type: "bare", text: m[5]! });
  }
  return out;
}

/** The pattern's expression tree; throws, saying where, on anything outside the subset. */
export function parseFilterPattern(pattern: string): Expr {
  const tokens = tokenize(pattern);
  let i = 0;
  const peek = () => tokens[i];
  const take = (text?: string) => {
    const t = tokens[i++];
    if (!t || (text !== undefined && t.text !== text)) {
      throw new Error(
        `expected ${text ?? "a token"} at token ${i - 1}, found ${t ? JSON.stringify(t.text) : "the end"}`,
      );
    }
    return t;
  };
  const primary = (): Expr => {
    if (peek()?.text === "(") {
      take("(");
      const e = or();
      take(")");
      return e;
    }
    const sel = take();
    if (sel.type !== "selector") throw new Error(`expected a $. selector, found ${JSON.stringify(sel.text)}`);
    const selector = sel.text.slice(2).split(".");
    const next = take();
    if (next.type === "notExists") return { kind: "notExists", selector };
    if (next.text !== "=" && next.text !== "!=") throw new Error(`expected = or != after ${sel.text}`);
    const value = take();
    if (value.type !== "string" && value.type !== "bare") throw new Error(`expected a value after ${sel.text}`);
    return { kind: "compare", selector, op: next.text, value: value.text };
  };
  const and = (): Expr => {
    let left = primary();
    while (peek()?.text === "&&") {
      take("&&");
      left = { kind: "and", left, right: primary() };
    }
    return left;
  };
  function or(): Expr {
    let left = and();
    while (peek()?.text === "||") {
      take("||");
      left = { kind: "or", left, right: and() };
    }
    return left;
  }
  take("{");
  const expr = or();
  take("}");
  if (i !== tokens.length) throw new Error(`text after the closing brace: ${JSON.stringify(tokens[i]!.text)}`);
  return expr;
}

const lookup = (event: unknown, selector: string[]): unknown =>
  selector.reduce<unknown>(
    (v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
    event,
  );

const wildcard = (value: string) =>
  new RegExp(
    `^${value
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );

function evaluate(e: Expr, event: unknown): boolean {
  switch (e.kind) {
    case "and":
      return evaluate(e.left, event) && evaluate(e.right, event);
    case "or":
      return evaluate(e.left, event) || evaluate(e.right, event);
    case "notExists":
      return lookup(event, e.selector) === undefined;
    case "compare": {
      const v = lookup(event, e.selector);
      // A comparison with a property the event lacks matches neither way.
      if (v === undefined || v === null || typeof v === "object") return false;
      const equal = wildcard(e.value).test(String(v));
      return e.op === "=" ? equal : !equal;
    }
  }
}

/** Does the pattern match the JSON log event (a CloudTrail record)? */
export function matches(pattern: string, event: unknown): boolean {
  return evaluate(parseFilterPattern(pattern), event);
}

/** Whether a log line (a JSON event, as our loggers and access logs write it) matches the pattern; a line that is not JSON never does. */
export function matchesFilterPattern(pattern: string, line: string): boolean {
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    return false;
  }
  return matches(pattern, event);
}
