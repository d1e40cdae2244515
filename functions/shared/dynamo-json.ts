/**
 * JSON <-> DynamoDB attribute values, for the shapes this project stores: JSON in (the events'
 * payloads), JSON out (the stream images written to S3). Small on purpose (no util-dynamodb in
 * the bundles) and exact about numbers: DynamoDB numbers are decimal strings of up to 38 digits,
 * so a number that a JavaScript number cannot hold exactly is written out as its decimal string.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { AttributeValue as StreamAttributeValue } from "aws-lambda";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON value as a DynamoDB attribute (object → M, array → L, number → N, null → NULL). */
export function toAttributeValue(value: unknown): AttributeValue {
  if (value === null || value === undefined) return { NULL: true };
  switch (typeof value) {
    case "string":
      return { S: value };
    case "boolean":
      return { BOOL: value };
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`cannot store the number ${value} in DynamoDB`);
      return { N: String(value) };
    case "object":
      if (Array.isArray(value)) return { L: value.map(toAttributeValue) };
      return { M: toAttributeMap(value as Record<string, unknown>) };
    default:
      throw new TypeError(`cannot store a ${typeof value} in DynamoDB`);
  }
}

export function toAttributeMap(value: Record<string, unknown>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = toAttributeValue(v);
  return out;
}

/** A DynamoDB number as JSON: a number when exact, else its decimal string. */
export function fromNumber(n: string): number | string {
  const value = Number(n);
  if (!Number.isFinite(value)) return n;
  if (/^-?\d+$/.test(n)) return Number.isSafeInteger(value) ? value : n;
  // Fractions: keep the number unless it needs more than the 15 significant digits a double keeps.
  const digits = n.replace(/^-/, "").replace(/e.*$/i, "").replace(".", "").replace(/^0+/, "");
  return digits.length <= 15 ? value : n;
}

/**
 * A DynamoDB attribute (as in stream records: binary as base64) as JSON. Sets become arrays,
 * binary stays base64 text.
 */
export function fromAttributeValue(value: StreamAttributeValue | AttributeValue): Json {
  const v = value as Record<string, unknown>;
  if (v.S !== undefined) return v.S as string;
  if (v.N !== undefined) return fromNumber(v.N as string);
  if (v.BOOL !== undefined) return v.BOOL as boolean;
  if (v.NULL !== undefined) return null;
  if (v.M !== undefined) return fromAttributeMap(v.M as Record<string, StreamAttributeValue>);
  if (v.L !== undefined) return (v.L as StreamAttributeValue[]).map(fromAttributeValue);
  if (v.SS !== undefined) return [...(v.SS as string[])];
  if (v.NS !== undefined) return (v.NS as string[]).map(fromNumber);
  if (v.B !== undefined) return binary(v.B);
  if (v.BS !== undefined) return (v.BS as unknown[]).map(binary);
  throw new TypeError(`unknown DynamoDB attribute value: ${JSON.stringify(value)}`);
}

export function fromAttributeMap(map: Record<string, StreamAttributeValue | AttributeValue>): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [key, v] of Object.entries(map)) out[key] = fromAttributeValue(v);
  return out;
}

const binary = (b: unknown): string => (typeof b === "string" ? b : Buffer.from(b as Uint8Array).toString("base64"));
