/**
 * Renders `aws.iam.getPolicyDocument` inputs to the JSON the AWS provider returns, so that
 * policies, tests and the policy pack read the same document AWS would receive.
 *
 * Mirrors the provider (terraform-provider-aws `internal/service/iam`: policy_document_data_source.go
 * and policy_model.go) and the Terraform plugin SDK it runs on, byte for byte:
 * - `actions`, `notActions`, `resources`, `notResources` and principal `identifiers` are sets: one
 *   value renders as a string, several as a list sorted in reverse (`policyDecodeConfigStringList`);
 * - `&{` becomes `${` in resources, principals and condition values (not in actions), after sorting;
 * - `principals` and `conditions` blocks are sets too, taken in the SDK's set order (by hash code);
 *   principals of one type are merged, conditions are grouped by test then variable (values are a
 *   list: kept in order, appended, one value renders as a string); Go writes map keys sorted;
 * - `"Principal": "*"` only for the single principal `{ type: "*", identifiers: ["*"] }`;
 * - keys in Go struct order (Version, Id, Statement; Sid, Effect, Action, NotAction, Resource,
 *   NotResource, Principal, NotPrincipal, Condition), empty ones omitted, 2-space indentation and
 *   Go's HTML escaping of `<`, `>` and `&`;
 * - source documents, then the statements, then override documents are merged by Sid; source and
 *   override documents are read back through the provider's model, so they come out normalized too.
 */
export interface PolicyDocumentArgs {
  version?: string;
  policyId?: string;
  statements?: StatementArgs[];
  sourcePolicyDocuments?: string[];
  overridePolicyDocuments?: string[];
}

interface PrincipalArgs {
  type: string;
  identifiers: string[];
}

interface ConditionArgs {
  test: string;
  variable: string;
  values: string[];
}

interface StatementArgs {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: PrincipalArgs[];
  notPrincipals?: PrincipalArgs[];
  conditions?: ConditionArgs[];
}

type Json = string | string[];
export interface RenderedStatement {
  Sid?: string;
  Effect?: string;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: "*" | Record<string, Json>;
  NotPrincipal?: "*" | Record<string, Json>;
  Condition?: Record<string, Record<string, Json>>;
}
export interface RenderedPolicy {
  Version?: string;
  Id?: string;
  Statement?: RenderedStatement[];
}

/** The provider's model of a statement before it is written (`iamPolicyStatement`). */
interface Principal {
  type: string;
  identifiers: string | string[];
}
interface Condition {
  test: string;
  variable: string;
  values: string | string[];
}
interface Statement {
  sid: string;
  effect: string;
  actions?: unknown;
  notActions?: unknown;
  resources?: unknown;
  notResources?: unknown;
  principals?: Principal[];
  notPrincipals?: Principal[];
  conditions?: Condition[];
}
interface Doc {
  version: string;
  id: string;
  statements: Statement[];
}

const VERSIONS = ["2008-10-17", "2012-10-17"];

// ---- The Terraform plugin SDK's sets -------------------------------------------------------------

/** `hashcode.String`: CRC-32 (IEEE) of the UTF-8 bytes; on 64-bit Go `int(uint32)` is never negative. */
function crc32(s: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(s, "utf8")) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * `schema.Set.List()`: elements de-duplicated by hash code and ordered by the decimal string of the
 * code (Go's `sort.Strings` on the keys). `serialize` is what `SerializeValueForHash` writes.
 */
function setList<T>(items: readonly T[], serialize: (item: T) => string): T[] {
  const byCode = new Map<string, T>();
  for (const item of items) {
    const code = String(crc32(serialize(item)));
    if (!byCode.has(code)) byCode.set(code, item);
  }
  return [...byCode.keys()].sort().map((code) => byCode.get(code)!);
}

/** A set of strings (`HashSchema` of a string: the value and a `;`). */
const stringSet = (values: readonly string[]): string[] => setList(values, (v) => `${v};`);

/** A principals block (`HashResource`: attributes in name order, nested set in its own order). */
const principalSet = (blocks: readonly PrincipalArgs[]): PrincipalArgs[] =>
  setList(
    blocks,
    (p) =>
      `identifiers:{${stringSet(p.identifiers ?? [])
        .map((i) => `${i};`)
        .join("")}};type:${p.type};`,
  );

/** A condition block: `test`, `values` (a list) and `variable`, in that order. */
const conditionSet = (blocks: readonly ConditionArgs[]): ConditionArgs[] =>
  setList(
    blocks,
    (c) => `test:${c.test};values:(${(c.values ?? []).map((v) => `${v};`).join("")});variable:${c.variable};`,
  );

// ---- Rendering the statements ---------------------------------------------------------------------

/** `policyDecodeConfigStringList`: one value as a string, several sorted in reverse. */
function decodeStringList(values: string[]): string | string[] {
  if (values.length === 1) return values[0]!;
  return [...values].sort().reverse();
}

/** `dataSourcePolicyDocumentReplaceVarsInList`: `&{` → `${`, refused in a 2008-10-17 document. */
function replaceVars(value: string | string[], version: string): string | string[] {
  const one = (v: string) => {
    if (version === "2008-10-17" && v.includes("&{")) {
      throw new Error(
        `getPolicyDocument: found &{ sequence in (${v}), which is not supported in document version 2008-10-17`,
      );
    }
    return v.split("&{").join("${");
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

function makePrincipals(blocks: PrincipalArgs[] | undefined, version: string): Principal[] | undefined {
  if (!blocks || blocks.length === 0) return undefined;
  return principalSet(blocks).map((p) => {
    if (!p.identifiers || p.identifiers.length === 0) {
      throw new Error(`getPolicyDocument: principal of type "${p.type}" has no identifiers`);
    }
    return { type: p.type, identifiers: replaceVars(decodeStringList(stringSet(p.identifiers)), version) };
  });
}

function makeConditions(blocks: ConditionArgs[] | undefined, version: string): Condition[] | undefined {
  if (!blocks || blocks.length === 0) return undefined;
  return conditionSet(blocks).map((c) => {
    const values = replaceVars([...(c.values ?? [])], version) as string[];
    return { test: c.test, variable: c.variable, values: values.length === 1 ? values[0]! : values };
  });
}

function makeStatement(s: StatementArgs, index: number, version: string): Statement {
  const effect = s.effect ?? "Allow";
  if (effect !== "Allow" && effect !== "Deny") {
    throw new Error(`getPolicyDocument: statements[${index}].effect must be "Allow" or "Deny", got "${effect}"`);
  }
  const sid = s.sid ?? "";
  if (!/^[a-zA-Z0-9]*$/.test(sid)) {
    throw new Error(`getPolicyDocument: statements[${index}].sid "${sid}" must only include alphanumeric characters`);
  }
  const set = (values: string[] | undefined) =>
    values && values.length > 0 ? decodeStringList(stringSet(values)) : undefined;
  const resources = set(s.resources);
  const notResources = set(s.notResources);
  return {
    sid,
    effect,
    actions: set(s.actions),
    notActions: set(s.notActions),
    resources: resources === undefined ? undefined : replaceVars(resources, version),
    notResources: notResources === undefined ? undefined : replaceVars(notResources, version),
    principals: makePrincipals(s.principals, version),
    notPrincipals: makePrincipals(s.notPrincipals, version),
    conditions: makeConditions(s.conditions, version),
  };
}

// ---- Reading source and override documents (Go's encoding/json into the provider's model) ---------

/** Go matches JSON keys to struct fields exactly first, then case-insensitively. */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

function readPrincipals(value: unknown, what: string): Principal[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return [{ type: "*", identifiers: ["*"] }];
  if (typeof value !== "object" || Array.isArray(value))
    throw new Error(`${what}: unsupported principal ${JSON.stringify(value)}`);
  const out: Principal[] = [];
  for (const [type, ids] of Object.entries(value as Record<string, unknown>)) {
    if (typeof ids === "string") out.push({ type, identifiers: ids });
    else if (Array.isArray(ids) && ids.every((i) => typeof i === "string"))
      out.push({ type, identifiers: [...(ids as string[])].sort() });
    else throw new Error(`${what}: principal identifiers of type "${type}" must be strings`);
  }
  return out.length > 0 ? out : undefined;
}

function readConditions(value: unknown, what: string): Condition[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value))
    throw new Error(`${what}: unsupported condition ${JSON.stringify(value)}`);
  const out: Condition[] = [];
  for (const [test, variables] of Object.entries(value as Record<string, unknown>)) {
    if (variables === null || typeof variables !== "object" || Array.isArray(variables)) {
      throw new Error(`${what}: condition "${test}" must map variables to values`);
    }
    for (const [variable, values] of Object.entries(variables as Record<string, unknown>)) {
      // The provider keeps strings, booleans (as "true"/"false") and lists; it drops anything else.
      if (typeof values === "string") out.push({ test, variable, values: [values] });
      else if (typeof values === "boolean") out.push({ test, variable, values: String(values) });
      else if (Array.isArray(values)) out.push({ test, variable, values: values.map(String) });
    }
  }
  return out.length > 0 ? out : undefined;
}

function readDocument(json: string, what: string): Doc {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`getPolicyDocument: ${what} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw new Error(`getPolicyDocument: ${what} is not a JSON object`);
  const doc = raw as Record<string, unknown>;
  const statements = field(doc, "Statement") ?? [];
  if (!Array.isArray(statements)) {
    throw new Error(
      `getPolicyDocument: ${what}: "Statement" must be a list of statements (the provider cannot read a single statement object)`,
    );
  }
  return {
    version: String(field(doc, "Version") ?? ""),
    id: String(field(doc, "Id") ?? ""),
    statements: statements.map((s: unknown, i) => {
      const at = `getPolicyDocument: ${what}, statement ${i}`;
      if (s === null || typeof s !== "object" || Array.isArray(s)) throw new Error(`${at} is not a JSON object`);
      return readStatement(s as Record<string, unknown>, at);
    }),
  };
}

function readStatement(s: Record<string, unknown>, at: string): Statement {
  return {
    sid: String(field(s, "Sid") ?? ""),
    effect: String(field(s, "Effect") ?? ""),
    actions: field(s, "Action") ?? undefined,
    notActions: field(s, "NotAction") ?? undefined,
    resources: field(s, "Resource") ?? undefined,
    notResources: field(s, "NotResource") ?? undefined,
    principals: readPrincipals(field(s, "Principal"), at),
    notPrincipals: readPrincipals(field(s, "NotPrincipal"), at),
    conditions: readConditions(field(s, "Condition"), at),
  };
}

// ---- Merging and writing --------------------------------------------------------------------------

/** `iamPolicyDoc.Merge`: adopt the Id, upgrade the Version, replace statements with the same Sid. */
function merge(into: Doc, doc: Doc): void {
  if (doc.id) into.id = doc.id;
  if (doc.version > into.version) into.version = doc.version;
  for (const stmt of doc.statements) {
    const at = stmt.sid ? into.statements.findIndex((s) => s.sid === stmt.sid) : -1;
    if (at >= 0) into.statements[at] = stmt;
    else into.statements.push(stmt);
  }
}

/** Go's `json.Marshal` of a map: keys in sorted (byte) order. */
function sortedKeys<T>(map: Map<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of [...map.keys()].sort()) out[key] = map.get(key)!;
  return out;
}

/** `iamPolicyStatementPrincipalSet.MarshalJSON`. */
function writePrincipals(set: Principal[] | undefined): RenderedStatement["Principal"] {
  if (!set || set.length === 0) return undefined;
  if (set.length === 1 && set[0]!.type === "*") {
    const ids = set[0]!.identifiers;
    if (ids === "*" || (Array.isArray(ids) && ids.length === 1 && ids[0] === "*")) return "*";
  }
  const raw = new Map<string, Json>();
  for (const p of set) {
    const existing = raw.get(p.type);
    if (Array.isArray(p.identifiers)) {
      const ids = [...p.identifiers].sort().reverse();
      raw.set(p.type, existing === undefined ? ids : [...[existing].flat(), ...ids]);
    } else {
      raw.set(p.type, existing === undefined ? p.identifiers : [...[existing].flat(), p.identifiers]);
    }
  }
  return sortedKeys(raw);
}

/** `iamPolicyStatementConditionSet.MarshalJSON`. */
function writeConditions(set: Condition[] | undefined): RenderedStatement["Condition"] {
  if (!set || set.length === 0) return undefined;
  const raw = new Map<string, Map<string, string[]>>();
  for (const c of set) {
    const test = raw.get(c.test) ?? new Map<string, string[]>();
    raw.set(c.test, test);
    test.set(c.variable, [...(test.get(c.variable) ?? []), ...[c.values].flat()]);
  }
  const out = new Map<string, Record<string, Json>>();
  for (const [test, variables] of raw) {
    const flat = new Map<string, Json>();
    for (const [variable, values] of variables) flat.set(variable, values.length === 1 ? values[0]! : values);
    out.set(test, sortedKeys(flat));
  }
  return sortedKeys(out);
}

/** A field of type `any` with `omitempty`: omitted only when absent (nil). */
const present = (v: unknown) => v !== undefined && v !== null;

function writeStatement(s: Statement): RenderedStatement {
  const out: RenderedStatement = {};
  if (s.sid) out.Sid = s.sid;
  if (s.effect) out.Effect = s.effect;
  if (present(s.actions)) out.Action = s.actions;
  if (present(s.notActions)) out.NotAction = s.notActions;
  if (present(s.resources)) out.Resource = s.resources;
  if (present(s.notResources)) out.NotResource = s.notResources;
  const principal = writePrincipals(s.principals);
  if (principal !== undefined) out.Principal = principal;
  const notPrincipal = writePrincipals(s.notPrincipals);
  if (notPrincipal !== undefined) out.NotPrincipal = notPrincipal;
  const condition = writeConditions(s.conditions);
  if (condition !== undefined) out.Condition = condition;
  return out;
}

/** Go's encoder escapes these inside strings (HTML safety); they never occur outside strings. */
const goEscape = (json: string): string =>
  json.replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);

export function renderPolicyDocument(args: PolicyDocumentArgs): { json: string; minifiedJson: string; id: string } {
  const version = args.version ?? "2012-10-17";
  if (!VERSIONS.includes(version)) {
    throw new Error(
      `getPolicyDocument: version must be one of ${VERSIONS.map((v) => `"${v}"`).join(", ")}, got "${version}"`,
    );
  }
  const merged: Doc = { version: "", id: "", statements: [] };

  const sourceSids = new Set<string>();
  (args.sourcePolicyDocuments ?? []).forEach((json, i) => {
    if (json === undefined || json === null) return;
    const source = readDocument(json, `sourcePolicyDocuments[${i}]`);
    source.statements.forEach((stmt, j) => {
      if (!stmt.sid) return;
      if (sourceSids.has(stmt.sid)) {
        throw new Error(
          `getPolicyDocument: merging source document ${i}: duplicate Sid (${stmt.sid}) in sourcePolicyDocuments (statement ${j}). Remove the Sid or ensure Sids are unique.`,
        );
      }
      sourceSids.add(stmt.sid);
    });
    merge(merged, source);
  });

  const sids = new Set<string>();
  const statements = (args.statements ?? []).map((s, i) => {
    const stmt = makeStatement(s, i, version);
    if (stmt.sid) {
      if (sids.has(stmt.sid))
        throw new Error(`getPolicyDocument: duplicate Sid (${stmt.sid}). Remove the Sid or ensure the Sid is unique.`);
      sids.add(stmt.sid);
    }
    return stmt;
  });
  merge(merged, { version, id: args.policyId ?? "", statements });

  (args.overridePolicyDocuments ?? []).forEach((json, i) => {
    if (json === undefined || json === null) return;
    merge(merged, readDocument(json, `overridePolicyDocuments[${i}]`));
  });

  const doc: RenderedPolicy = {};
  if (merged.version) doc.Version = merged.version;
  if (merged.id) doc.Id = merged.id;
  if (merged.statements.length > 0) doc.Statement = merged.statements.map(writeStatement);
  const json = goEscape(JSON.stringify(doc, null, 2));
  return { json, minifiedJson: goEscape(JSON.stringify(doc)), id: String(crc32(json)) };
}
