import { describe, expect, it } from "vitest";
import {
  classify,
  INVALID_WORKFLOW_INPUT,
  InvalidWorkflowInputError,
  runWorkflowStep,
} from "../../functions/workflow-step/step";

/** An IngestionRecordStored event as the EventBridge rule hands it to the state machine. */
const storedEvent = (detail: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => ({
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "IngestionRecordStored",
  source: "twin-region.ingestion",
  account: "123456789012",
  time: "2025-01-31T12:00:01Z",
  region: "us-east-1",
  resources: [],
  detail: {
    eventId: "evt-1",
    type: "order.created",
    source: "shop-api",
    occurredAt: "2025-01-31T12:00:00.000Z",
    receivedAt: "2025-01-31T12:00:00.250Z",
    pk: "EVENT#evt-1",
    sk: "EVENT",
    ...detail,
  },
  ...top,
});

const thrown = (input: unknown): InvalidWorkflowInputError => {
  try {
    runWorkflowStep(input);
  } catch (error) {
    return error as InvalidWorkflowInputError;
  }
  throw new Error("expected runWorkflowStep to throw");
};

describe("workflow step", () => {
  it("returns a small enriched result for a valid IngestionRecordStored event", () => {
    expect(runWorkflowStep(storedEvent())).toEqual({
      eventId: "evt-1",
      type: "order.created",
      source: "shop-api",
      occurredAt: "2025-01-31T12:00:00.000Z",
      receivedAt: "2025-01-31T12:00:00.250Z",
      region: "us-east-1",
      domain: "order",
      classification: "created",
      ingestionLagMs: 250,
    });
  });

  it("classifies by the type's last segment, ignoring a trailing version", () => {
    expect(classify("order.created")).toEqual({ domain: "order", classification: "created" });
    expect(classify("Customer.Address.Changed")).toEqual({ domain: "customer", classification: "updated" });
    expect(classify("subscription-cancelled-v2")).toEqual({ domain: "subscription", classification: "deleted" });
    expect(classify("invoice.v3")).toEqual({ domain: "invoice", classification: "other" });
    expect(classify("heartbeat")).toEqual({ domain: "heartbeat", classification: "other" });
  });

  it("throws an error named InvalidWorkflowInput (what the state machine's Catch matches) for invalid input", () => {
    const error = thrown(storedEvent({ eventId: undefined }));
    expect(error).toBeInstanceOf(InvalidWorkflowInputError);
    expect(error.name).toBe("InvalidWorkflowInput");
    expect(INVALID_WORKFLOW_INPUT).toBe("InvalidWorkflowInput");
    expect(error.issues).toEqual(["detail.eventId: must be a non-empty string"]);
  });

  it.each([
    ["not an object", "just a string", "input: must be an EventBridge event object"],
    [
      "another source",
      storedEvent({}, { source: "someone.else" }),
      'source: must be twin-region.ingestion, got "someone.else"',
    ],
    [
      "another detail-type",
      storedEvent({}, { "detail-type": "OrderPlaced" }),
      'detail-type: must be IngestionRecordStored, got "OrderPlaced"',
    ],
    ["no detail", storedEvent({}, { detail: null }), "detail: must be an object"],
    ["no region", storedEvent({}, { region: "" }), "region: required"],
    ["an invalid eventId", storedEvent({ eventId: "a b" }), "detail.eventId: not a valid event id"],
    ["an invalid type", storedEvent({ type: "9lives" }), "detail.type: not a valid event type"],
    ["a numeric occurredAt", storedEvent({ occurredAt: 1738324800 }), "detail.occurredAt: must be a non-empty string"],
    [
      "a receivedAt that is no timestamp",
      storedEvent({ receivedAt: "yesterday" }),
      "detail.receivedAt: not an RFC 3339 date-time",
    ],
  ])("rejects %s", (_what, input, issue) => {
    const error = thrown(input);
    expect(error.name).toBe("InvalidWorkflowInput");
    expect(error.issues).toContain(issue);
  });

  it("lists every problem at once", () => {
    expect(thrown(storedEvent({ type: "", receivedAt: "" }, { source: "x" })).issues).toEqual([
      'source: must be twin-region.ingestion, got "x"',
      "detail.type: must be a non-empty string",
      "detail.receivedAt: must be a non-empty string",
    ]);
  });
});
