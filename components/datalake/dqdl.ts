/**
 * A parser for AWS Glue Data Quality's Data Quality Definition Language (DQDL), by the grammar's own
 * rules (awslabs/dqdl: DataQualityDefinitionLanguage.g4 and CommonLexerRules.g4, and the rule
 * types of its rules-config.json), so a ruleset is checked when the program is planned instead of
 * when Glue rejects it at deployment.
 *
 *   document  := metadata? sources? rules
 *   rules     := "Rules" "=" "[" (topLevelRule ("," topLevelRule)*)? "]"
 *   topLevel  := dqRule | "(" rule ")" (("and" | "or") "(" rule ")")*   (one operator per level)
 *   dqRule    := RuleType parameter* condition? ("with" "threshold" numericThreshold)?
 *   parameter := QUOTED_STRING | INT
 *   condition := "matches" STRING | "in" [ ... ] | numericThreshold | dateThreshold | timeThreshold | "=" STRING
 *   numericThreshold := "between" number "and" number | (">" | ">=" | "<" | "<=" | "=") number
 *
 * Each rule type takes its number of parameters and the conditions its result allows: a number
 * (RowCount, Completeness, Mean, …) must be compared, a boolean (IsComplete, IsUnique, …) must not
 * be, a column's values (ColumnValues) take a set, a pattern, a number or a date, a duration
 * (DataFreshness) takes hours or days. `#` starts a comment to the end of the line. Not covered:
 * the newer `where` clauses, labels, dynamic rules and analyzers; a ruleset using them is reported.
 */

type ResultKind = "number" | "boolean" | "numberOrBoolean" | "string" | "values" | "duration";

interface RuleTypeSpec {
  /** Parameters: exactly this many, or at least `min` with `varArgs`. */
  params: number | readonly number[];
  varArgs?: boolean;
  result: ResultKind;
  threshold?: boolean;
}

/** The rule types of DQDL (awslabs/dqdl rules-config.json), their parameters and what they return. */
export const DQDL_RULE_TYPES: Readonly<Record<string, RuleTypeSpec>> = {
  RowCount: { params: 0, result: "number" },
  RowCountMatch: { params: 1, result: "number" },
  ColumnCount: { params: 0, result: "number" },
  Completeness: { params: 1, result: "number" },
  IsComplete: { params: 1, result: "boolean" },
  ColumnDataType: { params: 1, result: "string", threshold: true },
  ColumnNamesMatchPattern: { params: 1, result: "boolean" },
  ColumnExists: { params: 1, result: "boolean" },
  ColumnCorrelation: { params: 2, result: "number" },
  Uniqueness: { params: 1, result: "number" },
  IsUnique: { params: 1, result: "boolean" },
  Mean: { params: 1, result: "number" },
  Sum: { params: 1, result: "number" },
  StandardDeviation: { params: 1, result: "number" },
  Entropy: { params: 1, result: "number" },
  DistinctValuesCount: { params: 1, result: "number" },
  UniqueValueRatio: { params: 1, result: "number" },
  ColumnLength: { params: 1, result: "number" },
  IsPrimaryKey: { params: 1, varArgs: true, result: "boolean" },
  ColumnValues: { params: 1, result: "values", threshold: true },
  DataFreshness: { params: 1, result: "duration" },
  CustomSql: { params: 1, result: "numberOrBoolean", threshold: true },
  ReferentialIntegrity: { params: 2, result: "number" },
  DatasetMatch: { params: [2, 3], result: "number" },
  SchemaMatch: { params: 1, result: "number" },
  AggregateMatch: { params: 2, result: "number" },
  DetectAnomalies: { params: 1, varArgs: true, result: "boolean" },
};

const COMPARISONS = [">", ">=", "<", "<=", "="] as const;

export type DqdlCondition =
  | { kind: "compare"; operator: (typeof COMPARISONS)[number]; value: string }
  | { kind: "between"; low: string; high: string }
  | { kind: "in"; values: string[] }
  | { kind: "matches"; pattern: string };

export interface DqdlRule {
  type: string;
  parameters: string[];
  condition?: DqdlCondition;
  threshold?: DqdlCondition;
  line: number;
}

export interface DqdlParse {
  /** Every rule, composite rules' members included, in order. */
  rules: DqdlRule[];
  /** What is wrong, each with its line; empty when the ruleset is valid. */
  problems: string[];
}

type TokenKind = "string" | "int" | "decimal" | "word" | "op" | "punct" | "end";
interface Token {
  kind: TokenKind;
  text: string;
  line: number;
}

class DqdlError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === "\n") {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === "#") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (c === '"') {
      let j = i + 1;
      let text = "";
      while (j < source.length && source[j] !== '"') {
        if (source[j] === "\\" && (source[j + 1] === '"' || source[j + 1] === "\\")) j++;
        if (source[j] === "\n") throw new DqdlError(`line ${line}: a string is not closed before the end of the line`);
        text += source[j];
        j++;
      }
      if (j >= source.length) throw new DqdlError(`line ${line}: a string is not closed`);
      tokens.push({ kind: "string", text, line });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?(?![A-Za-z_])/.exec(source.slice(i));
      if (m) {
        tokens.push({ kind: m[1] ? "decimal" : "int", text: m[0], line });
        i += m[0].length;
      } else {
        const w = /^[A-Za-z0-9_.]+/.exec(source.slice(i))![0];
        tokens.push({ kind: "word", text: w, line });
        i += w.length;
      }
    } else if (/[A-Za-z_.]/.test(c)) {
      const w = /^[A-Za-z0-9_.]+/.exec(source.slice(i))![0];
      tokens.push({ kind: "word", text: w, line });
      i += w.length;
    } else if (/[<>=!]/.test(c)) {
      const op = /^[<>=!]+/.exec(source.slice(i))![0];
      tokens.push({ kind: "op", text: op, line });
      i += op.length;
    } else if ("[](){},:-+".includes(c)) {
      tokens.push({ kind: "punct", text: c, line });
      i++;
    } else {
      throw new DqdlError(`line ${line}: unexpected character "${c}"`);
    }
  }
  tokens.push({ kind: "end", text: "end of the ruleset", line });
  return tokens;
}

const show = (t: Token) => (t.kind === "end" ? t.text : t.kind === "string" ? `"${t.text}"` : `"${t.text}"`);

class Parser {
  private i = 0;
  readonly rules: DqdlRule[] = [];
  readonly problems: string[] = [];

  constructor(private readonly tokens: Token[]) {}

  private get peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }
  private is(text: string, kind?: TokenKind): boolean {
    return this.peek.text === text && (kind === undefined || this.peek.kind === kind) && this.peek.kind !== "string";
  }
  private expect(text: string, what: string): Token {
    if (!this.is(text)) throw new DqdlError(`line ${this.peek.line}: expected ${what}, found ${show(this.peek)}`);
    return this.next();
  }

  document(): void {
    for (const section of ["Metadata", "Sources"]) {
      if (this.is(section, "word")) {
        this.next();
        this.expect("=", `"=" after ${section}`);
        this.dictionary(section);
      }
    }
    if (!this.is("Rules", "word")) {
      throw new DqdlError(
        `line ${this.peek.line}: a ruleset starts with "Rules = [" (capitalised), found ${show(this.peek)}`,
      );
    }
    this.next();
    this.expect("=", '"=" after Rules');
    const open = this.expect("[", '"[" opening the Rules list');
    if (this.is("]", "punct")) throw new DqdlError(`line ${open.line}: the Rules list is empty`);
    for (;;) {
      this.guard(() => this.topLevelRule());
      if (this.is(",", "punct")) {
        this.next();
        continue;
      }
      if (this.is("]", "punct")) break;
      if (this.peek.kind === "end")
        throw new DqdlError(`line ${open.line}: missing "]" closing the Rules list opened here`);
      throw new DqdlError(`line ${this.peek.line}: expected "," or "]" after a rule, found ${show(this.peek)}`);
    }
    this.next();
    if (this.peek.kind !== "end")
      throw new DqdlError(`line ${this.peek.line}: unexpected ${show(this.peek)} after the Rules list`);
  }

  /** A rule that is wrong is reported and skipped to the next "," or "]" so later rules are checked too. */
  private guard(parse: () => void): void {
    try {
      parse();
    } catch (e) {
      if (!(e instanceof DqdlError)) throw e;
      this.problems.push(e.message);
      let depth = 0;
      while (this.peek.kind !== "end") {
        if (depth === 0 && (this.is(",", "punct") || this.is("]", "punct"))) return;
        if (this.is("(", "punct") || this.is("[", "punct")) depth++;
        if (this.is(")", "punct") || this.is("]", "punct")) depth = Math.max(0, depth - 1);
        this.next();
      }
    }
  }

  private dictionary(section: string): void {
    this.expect("{", `"{" opening ${section}`);
    for (;;) {
      if (this.peek.kind !== "string")
        throw new DqdlError(`line ${this.peek.line}: ${section} keys are quoted strings, found ${show(this.peek)}`);
      this.next();
      this.expect(":", '":"');
      if (this.is("[", "punct")) this.stringArray();
      else if (this.peek.kind === "string") this.next();
      else throw new DqdlError(`line ${this.peek.line}: ${section} values are strings or lists of strings`);
      if (this.is(",", "punct")) {
        this.next();
        continue;
      }
      this.expect("}", `"}" closing ${section}`);
      return;
    }
  }

  private stringArray(): string[] {
    this.expect("[", '"["');
    const values: string[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind !== "string")
        throw new DqdlError(`line ${t.line}: expected a quoted string in the list, found ${show(t)}`);
      values.push(t.text);
      if (this.is(",", "punct")) {
        this.next();
        continue;
      }
      this.expect("]", '"]" closing the list');
      return values;
    }
  }

  private topLevelRule(): void {
    if (!this.is("(", "punct")) {
      this.dqRule();
      return;
    }
    this.composite();
  }

  /** `(a) and (b) and …` or `(a) or (b) or …`; a member may itself be a parenthesised composite. */
  private composite(): void {
    let operator: string | undefined;
    for (;;) {
      this.expect("(", '"("');
      if (this.is("(", "punct")) this.composite();
      else this.dqRule();
      this.expect(")", '")" closing a rule of a composite rule');
      const word = this.peek.kind === "word" ? this.peek.text.toLowerCase() : "";
      if (word !== "and" && word !== "or") return;
      if (operator && operator !== word)
        throw new DqdlError(
          `line ${this.peek.line}: "and" and "or" are mixed at one level; put the inner rules in parentheses`,
        );
      operator = word;
      this.next();
    }
  }

  private dqRule(): void {
    const typeToken = this.next();
    if (typeToken.kind !== "word")
      throw new DqdlError(`line ${typeToken.line}: expected a rule type, found ${show(typeToken)}`);
    const spec = DQDL_RULE_TYPES[typeToken.text];
    if (!spec) {
      throw new DqdlError(
        `line ${typeToken.line}: unknown rule type "${typeToken.text}" (rule types are case-sensitive: ${Object.keys(DQDL_RULE_TYPES).join(", ")})`,
      );
    }
    const rule: DqdlRule = { type: typeToken.text, parameters: [], line: typeToken.line };
    while (this.peek.kind === "string" || this.peek.kind === "int") rule.parameters.push(this.next().text);
    this.checkParameters(rule, spec);
    if (
      this.peek.kind === "op" ||
      (this.peek.kind === "word" && ["between", "in", "matches"].includes(this.peek.text))
    ) {
      rule.condition = this.condition(rule, spec);
    } else if (this.peek.kind === "word" && !["with", "and", "or"].includes(this.peek.text.toLowerCase())) {
      throw new DqdlError(
        `line ${this.peek.line}: ${rule.type}: ${show(this.peek)} is not an operator (expected >, >=, <, <=, =, between, in or matches)`,
      );
    }
    if (!rule.condition && spec.result !== "boolean" && spec.result !== "numberOrBoolean") {
      throw new DqdlError(
        `line ${rule.line}: ${rule.type} returns ${describe(spec.result)} and needs a condition (e.g. "> 0")`,
      );
    }
    if (this.is("with", "word")) {
      this.next();
      this.expect("threshold", '"threshold" after "with"');
      if (!spec.threshold)
        throw new DqdlError(
          `line ${rule.line}: ${rule.type} takes no "with threshold" (only ColumnValues, ColumnDataType and CustomSql do)`,
        );
      rule.threshold = this.numericThreshold(rule);
    }
    this.rules.push(rule);
  }

  private checkParameters(rule: DqdlRule, spec: RuleTypeSpec): void {
    const counts = typeof spec.params === "number" ? [spec.params] : spec.params;
    const n = rule.parameters.length;
    const ok = spec.varArgs ? n >= counts[0]! : counts.includes(n);
    if (!ok) {
      const expected = spec.varArgs ? `at least ${counts[0]}` : counts.join(" or ");
      throw new DqdlError(`line ${rule.line}: ${rule.type} takes ${expected} parameter(s), found ${n}`);
    }
  }

  private condition(rule: DqdlRule, spec: RuleTypeSpec): DqdlCondition {
    if (spec.result === "boolean")
      throw new DqdlError(
        `line ${rule.line}: ${rule.type} is true or false and takes no condition, found ${show(this.peek)}`,
      );
    if (this.is("matches", "word")) {
      if (spec.result !== "values") throw new DqdlError(`line ${rule.line}: ${rule.type} takes no "matches"`);
      this.next();
      const pattern = this.next();
      if (pattern.kind !== "string") throw new DqdlError(`line ${pattern.line}: "matches" takes a quoted pattern`);
      return { kind: "matches", pattern: pattern.text };
    }
    if (this.is("in", "word")) {
      if (spec.result !== "values" && spec.result !== "string")
        throw new DqdlError(`line ${rule.line}: ${rule.type} returns ${describe(spec.result)} and takes no "in" list`);
      this.next();
      return { kind: "in", values: this.valueArray() };
    }
    if (spec.result === "string") {
      this.operator(rule, ["="]);
      const value = this.next();
      if (value.kind !== "string") throw new DqdlError(`line ${value.line}: ${rule.type} = takes a quoted type name`);
      return { kind: "compare", operator: "=", value: value.text };
    }
    if (spec.result === "duration") return this.threshold(rule, () => this.timeValue(rule));
    if (spec.result === "values") return this.threshold(rule, () => this.numberOrDate(rule));
    return this.numericThreshold(rule);
  }

  private numericThreshold(rule: DqdlRule): DqdlCondition {
    return this.threshold(rule, () => this.number(rule));
  }

  private threshold(rule: DqdlRule, value: () => string): DqdlCondition {
    if (this.is("between", "word")) {
      this.next();
      const low = value();
      if (!this.is("and", "word") && !this.is("AND", "word"))
        throw new DqdlError(
          `line ${this.peek.line}: "between" needs "and" between its bounds, found ${show(this.peek)}`,
        );
      this.next();
      return { kind: "between", low, high: value() };
    }
    const operator = this.operator(rule, COMPARISONS);
    return { kind: "compare", operator, value: value() };
  }

  private operator<O extends string>(rule: DqdlRule, allowed: readonly O[]): O {
    const t = this.next();
    if (t.kind !== "op" || !(allowed as readonly string[]).includes(t.text)) {
      throw new DqdlError(
        `line ${t.line}: ${rule.type}: ${show(t)} is not an operator here (expected ${allowed.join(", ")}${allowed.length > 1 ? " or between" : ""})`,
      );
    }
    return t.text as O;
  }

  private number(rule: DqdlRule): string {
    let sign = "";
    if (this.is("-", "punct")) {
      this.next();
      sign = "-";
    }
    const t = this.next();
    if (t.kind !== "int" && t.kind !== "decimal")
      throw new DqdlError(`line ${t.line}: ${rule.type} compares with a number, found ${show(t)}`);
    return sign + t.text;
  }

  /** `24 hours`, `3 days`. */
  private timeValue(rule: DqdlRule): string {
    const n = this.next();
    const unit = this.next();
    if (n.kind !== "int" || unit.kind !== "word" || !["hours", "days"].includes(unit.text))
      throw new DqdlError(`line ${n.line}: ${rule.type} compares with a duration such as "24 hours" or "3 days"`);
    return `${n.text} ${unit.text}`;
  }

  /** A number, a date ("2024-01-31"), now(), or (now() - 3 days). */
  private numberOrDate(rule: DqdlRule): string {
    if (this.peek.kind === "string") {
      const t = this.next();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(t.text))
        throw new DqdlError(`line ${t.line}: ${rule.type}: the date "${t.text}" is not YYYY-MM-DD`);
      return t.text;
    }
    if (this.is("now", "word")) return this.now();
    if (this.is("(", "punct")) {
      this.next();
      const now = this.now();
      const sign = this.next();
      if (sign.text !== "-" && sign.text !== "+")
        throw new DqdlError(`line ${sign.line}: expected "-" or "+" after now()`);
      const span = this.timeValue(rule);
      this.expect(")", '")"');
      return `(${now} ${sign.text} ${span})`;
    }
    return this.number(rule);
  }

  private now(): string {
    this.expect("now", '"now()"');
    this.expect("(", '"(" of now()');
    this.expect(")", '")" of now()');
    return "now()";
  }

  private valueArray(): string[] {
    const open = this.expect("[", '"[" opening the "in" list');
    const values: string[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind !== "string" && t.kind !== "int")
        throw new DqdlError(
          `line ${t.line}: an "in" list holds quoted strings, dates or whole numbers, found ${show(t)}`,
        );
      values.push(t.text);
      if (this.is(",", "punct")) {
        this.next();
        continue;
      }
      if (this.is("]", "punct")) {
        this.next();
        return values;
      }
      throw new DqdlError(`line ${open.line}: missing "]" closing the "in" list opened here`);
    }
  }
}

const describe = (result: ResultKind) =>
  ({
    number: "a number",
    boolean: "true or false",
    numberOrBoolean: "a number or true/false",
    string: "a type name",
    values: "a column's values",
    duration: "a duration",
  })[result];

/** Parses a DQDL document; `problems` lists every error found (empty when the ruleset is valid). */
export function parseDqdl(source: string): DqdlParse {
  let tokens: Token[];
  try {
    tokens = tokenize(source);
  } catch (e) {
    if (e instanceof DqdlError) return { rules: [], problems: [e.message] };
    throw e;
  }
  const parser = new Parser(tokens);
  try {
    parser.document();
  } catch (e) {
    if (!(e instanceof DqdlError)) throw e;
    parser.problems.push(e.message);
  }
  return { rules: parser.rules, problems: parser.problems };
}
