/**
 * The workflow step: the Step Functions task that the ingestion workflow runs for every
 * IngestionRecordStored event (the state machine passes the EventBridge event as it is).
 * It checks the event and returns a small enriched result; an event that is not a valid
 * IngestionRecordStored event throws `InvalidWorkflowInputError`, whose name
 * ("InvalidWorkflowInput") the state machine catches (ErrorEquals) and routes to its Fail state.
 */
import {
  DOMAIN_EVENT_DETAIL_TYPE,
  DOMAIN_EVENT_SOURCE,
  EVENT_ID_PATTERN,
  EVENT_TYPE_PATTERN,
  isTimestamp,
  type RecordStoredDetail,
} from "../shared/event";

/** The error name a Step Functions Catch matches (Lambda reports the error's `name`). */
export const INVALID_WORKFLOW_INPUT = "InvalidWorkflowInput";

export class InvalidWorkflowInputError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`invalid workflow input: ${issues.join("; ")}`);
    this.name = INVALID_WORKFLOW_INPUT;
    this.issues = issues;
  }
}

/** What the type's last segment says happened. */
export type Classification = "created" | "updated" | "deleted" | "other";

export interface WorkflowStepResult {
  eventId: string;
  type: string;
  source: string;
  occurredAt: string;
  receivedAt: string;
  /** The region whose bus delivered the event. */
  region: string;
  /** The type's first segment ("order" of "order.created"). */
  domain: string;
  classification: Classification;
  /** From the producer's clock to Kinesis, in milliseconds (negative if the producer's clock is ahead). */
  ingestionLagMs: number;
}

const ACTIONS: Record<string, Classification> = {
  created: "created",
  create: "created",
  added: "created",
  inserted: "created",
  registered: "created",
  updated: "updated",
  update: "updated",
  changed: "updated",
  modified: "updated",
  replaced: "updated",
  deleted: "deleted",
  delete: "deleted",
  removed: "deleted",
  cancelled: "deleted",
  canceled: "deleted",
  expired: "deleted",
};

export function classify(type: string): { domain: string; classification: Classification } {
  const parts = type.toLowerCase().split(/[._-]/).filter(Boolean);
  // "order.created.v2": a trailing version is not the action.
  const last = parts.filter((p) => !/^v\d+$/.test(p)).at(-1) ?? "";
  return { domain: parts[0] ?? type, classification: ACTIONS[last] ?? "other" };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const eventIdRe = new RegExp(EVENT_ID_PATTERN);
const typeRe = new RegExp(EVENT_TYPE_PATTERN);

export function runWorkflowStep(input: unknown): WorkflowStepResult {
  if (!isObject(input)) throw new InvalidWorkflowInputError(["input: must be an EventBridge event object"]);
  const issues: string[] = [];
  if (input.source !== DOMAIN_EVENT_SOURCE)
    issues.push(`source: must be ${DOMAIN_EVENT_SOURCE}, got ${JSON.stringify(input.source)}`);
  if (input["detail-type"] !== DOMAIN_EVENT_DETAIL_TYPE)
    issues.push(`detail-type: must be ${DOMAIN_EVENT_DETAIL_TYPE}, got ${JSON.stringify(input["detail-type"])}`);
  if (typeof input.region !== "string" || input.region === "") issues.push("region: required");
  const detail = input.detail;
  if (!isObject(detail)) {
    issues.push("detail: must be an object");
    throw new InvalidWorkflowInputError(issues);
  }
  const str = (name: keyof RecordStoredDetail): string => {
    const v = detail[name];
    if (typeof v !== "string" || v === "") {
      issues.push(`detail.${name}: must be a non-empty string`);
      return "";
    }
    return v;
  };
  const d = {
    eventId: str("eventId"),
    type: str("type"),
    source: str("source"),
    occurredAt: str("occurredAt"),
    receivedAt: str("receivedAt"),
  };
  if (d.eventId && (d.eventId.length > 128 || !eventIdRe.test(d.eventId)))
    issues.push("detail.eventId: not a valid event id");
  if (d.type && (d.type.length > 128 || !typeRe.test(d.type))) issues.push("detail.type: not a valid event type");
  if (d.occurredAt && !isTimestamp(d.occurredAt)) issues.push("detail.occurredAt: not an RFC 3339 date-time");
  if (d.receivedAt && !isTimestamp(d.receivedAt)) issues.push("detail.receivedAt: not an RFC 3339 date-time");
  if (issues.length > 0) throw new InvalidWorkflowInputError(issues);
  return {
    ...d,
    region: input.region as string,
    ...classify(d.type),
    ingestionLagMs: Date.parse(d.receivedAt) - Date.parse(d.occurredAt),
  };
}
