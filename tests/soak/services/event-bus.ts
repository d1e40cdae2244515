/**
 * EventBridge for the soak: one bus per region answering PutEvents (with a share of entries
 * failed, InternalFailure), and the platform's rules on it, matched by their patterns: the one
 * that starts the workflow, and the one that forwards the region's own events to the peer bus.
 */
import type { PutEventsRequestEntry, PutEventsResultEntry } from "@aws-sdk/client-eventbridge";
import { randomUUID } from "node:crypto";
import { DOMAIN_EVENT } from "../../../components/ingestion/defaults";
import { busEventOf, matchesEventPattern, type EventPattern } from "../../support/event-pattern";
import { Fault, type Random } from "../random";
import { JsonServer } from "../../support/json-server";

export interface Delivered {
  eventId: string;
  originRegion: string;
  /** Put by this region's consumer, or forwarded by the peer bus's rule. */
  via: "consumer" | "peer-rule";
}

export class EventBus {
  /** What arrived on the bus. */
  readonly events: Delivered[] = [];
  /** Executions the workflow rule started. */
  readonly workflowStarts: Delivered[] = [];
  private readonly failure: Fault;
  private readonly server: JsonServer;
  private peer?: EventBus;

  constructor(
    readonly region: string,
    failureRate: number,
    random: Random,
  ) {
    this.failure = new Fault(random, failureRate);
    this.server = new JsonServer("application/x-amz-json-1.1", {
      PutEvents: async (input) => this.putEvents(input.Entries as PutEventsRequestEntry[]),
    });
  }

  /** The rule that starts the workflow, and the one that forwards this region's events to the peer. */
  static workflowPattern(): EventPattern {
    return { source: [DOMAIN_EVENT.source], "detail-type": [DOMAIN_EVENT.detailType] };
  }
  static forwardingPattern(region: string): EventPattern {
    return { ...EventBus.workflowPattern(), detail: { originRegion: [region] } };
  }

  get injected() {
    return { failedEntries: this.failure.count };
  }

  connect(peer: EventBus): void {
    this.peer = peer;
  }

  start(): Promise<string> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  private async putEvents(
    entries: PutEventsRequestEntry[],
  ): Promise<{ FailedEntryCount: number; Entries: PutEventsResultEntry[] }> {
    const results = entries.map((entry): PutEventsResultEntry => {
      if (this.failure.fires()) {
        return { ErrorCode: "InternalFailure", ErrorMessage: "Internal failure" };
      }
      this.accept(entry, "consumer");
      return { EventId: randomUUID() };
    });
    return { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results };
  }

  private accept(entry: PutEventsRequestEntry, via: Delivered["via"]): void {
    const event = busEventOf(entry, { region: this.region, account: "000000000000" });
    const detail = event.detail as { eventId: string; originRegion: string };
    const delivered = { eventId: detail.eventId, originRegion: detail.originRegion, via };
    this.events.push(delivered);
    if (matchesEventPattern(EventBus.workflowPattern(), event)) this.workflowStarts.push(delivered);
    if (this.peer && matchesEventPattern(EventBus.forwardingPattern(this.region), event))
      this.peer.accept(entry, "peer-rule");
  }
}
