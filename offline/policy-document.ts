/**
 * Renders `aws.iam.getPolicyDocument` inputs to the JSON the AWS provider returns, so that
 * policies, tests and the policy pack read the same document AWS would receive.
 * Mirrors the provider's rules: sets are de-duplicated, one value renders as a string and several
 * as a reverse-sorted list; principals of one type are merged; `&{` becomes `${`; statements of
 * source and override documents are merged by Sid.
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
  Effect: string;
  Action?: Json;
  NotAction?: Json;
  Resource?: Json;
  NotResource?: Json;
  Principal?: "*" | Record<string, Json>;
  NotPrincipal?: "*" | Record<string, Json>;
  Condition?: Record<string, Record<string, Json>>;
}
export interface RenderedPolicy {
  Version: string;
  Id?: string;
  Statement: RenderedStatement[];
}

const replaceVars = (s: string): string => s.split("&{").join("${");

function decodeSet(values: string[] | undefined): Json | undefined {
  if (!values || values.length === 0) return undefined;
  const unique = [...new Set(values.map(replaceVars))];
  if (unique.length === 1) return unique[0]!;
  return unique.sort().reverse();
}

function renderPrincipals(principals: PrincipalArgs[] | undefined): RenderedStatement["Principal"] {
  if (!principals || principals.length === 0) return undefined;
  const byType = new Map<string, string[]>();
  for (const p of principals) {
    if (!p.identifiers || p.identifiers.length === 0) {
      throw new Error(`getPolicyDocument: principal of type "${p.type}" has no identifiers`);
    }
    byType.set(p.type, [...(byType.get(p.type) ?? []), ...p.identifiers]);
  }
  const star = byType.get("*");
  if (star && byType.size === 1 && star.every((i) => i === "*")) return "*";
  const out: Record<string, Json> = {};
  for (const [type, ids] of byType) out[type] = decodeSet(ids)!;
  return out;
}

function renderConditions(conditions: ConditionArgs[] | undefined): RenderedStatement["Condition"] {
  if (!conditions || conditions.length === 0) return undefined;
  const out: Record<string, Record<string, Json>> = {};
  for (const c of conditions) {
    const values = (c.values ?? []).map(replaceVars);
    const test = (out[c.test] ??= {});
    test[c.variable] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

function renderStatement(s: StatementArgs): RenderedStatement {
  const effect = s.effect ?? "Allow";
  if (effect !== "Allow" && effect !== "Deny") {
    throw new Error(`getPolicyDocument: effect must be "Allow" or "Deny", got "${effect}"`);
  }
  const stmt: RenderedStatement = { Effect: effect };
  const fields: [keyof RenderedStatement, Json | undefined | RenderedStatement["Principal"] | RenderedStatement["Condition"]][] = [
    ["Action", decodeSet(s.actions)],
    ["NotAction", decodeSet(s.notActions)],
    ["Resource", decodeSet(s.resources)],
    ["NotResource", decodeSet(s.notResources)],
    ["Principal", renderPrincipals(s.principals)],
    ["NotPrincipal", renderPrincipals(s.notPrincipals)],
    ["Condition", renderConditions(s.conditions)],
  ];
  const ordered: Record<string, unknown> = s.sid ? { Sid: s.sid } : {};
  Object.assign(ordered, stmt);
  for (const [key, value] of fields) if (value !== undefined) ordered[key] = value;
  return ordered as unknown as RenderedStatement;
}

function mergeBySid(into: RenderedPolicy, doc: RenderedPolicy): void {
  if (doc.Id) into.Id = doc.Id;
  if (doc.Version > into.Version) into.Version = doc.Version;
  for (const stmt of doc.Statement ?? []) {
    const at = stmt.Sid ? into.Statement.findIndex((s) => s.Sid === stmt.Sid) : -1;
    if (at >= 0) into.Statement[at] = stmt;
    else into.Statement.push(stmt);
  }
}

function parseDocument(json: string, what: string): RenderedPolicy {
  try {
    const doc = JSON.parse(json) as RenderedPolicy;
    return { Version: doc.Version ?? "", ...(doc.Id ? { Id: doc.Id } : {}), Statement: [doc.Statement ?? []].flat() };
  } catch (e) {
    throw new Error(`getPolicyDocument: ${what} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
}

export function renderPolicyDocument(args: PolicyDocumentArgs): { json: string; minifiedJson: string; id: string } {
  const sids = new Set<string>();
  for (const s of args.statements ?? []) {
    if (!s.sid) continue;
    if (sids.has(s.sid)) throw new Error(`getPolicyDocument: duplicate Sid (${s.sid}). Remove the Sid or ensure the Sid is unique`);
    sids.add(s.sid);
  }
  const merged: RenderedPolicy = { Version: "", Statement: [] };
  (args.sourcePolicyDocuments ?? []).forEach((d, i) => mergeBySid(merged, parseDocument(d, `sourcePolicyDocuments[${i}]`)));
  mergeBySid(merged, {
    Version: args.version ?? "2012-10-17",
    ...(args.policyId ? { Id: args.policyId } : {}),
    Statement: (args.statements ?? []).map(renderStatement),
  });
  (args.overridePolicyDocuments ?? []).forEach((d, i) => mergeBySid(merged, parseDocument(d, `overridePolicyDocuments[${i}]`)));
  const ordered: RenderedPolicy = { Version: merged.Version, ...(merged.Id ? { Id: merged.Id } : {}), Statement: merged.Statement };
  const json = JSON.stringify(ordered, null, 2);
  return { json, minifiedJson: JSON.stringify(ordered), id: String(hashCode(json)) };
}

/** The provider's StringHashcode (crc32, made non-negative), used as the document's id. */
function hashCode(s: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(s)) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  const v = (crc ^ 0xffffffff) | 0;
  return v >= 0 ? v : -v;
}
