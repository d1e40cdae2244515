/**
 * SQS for the soak: the change queue a Pipe fills and the change task (F1) polls, answering
 * ReceiveMessage and DeleteMessageBatch (JSON protocol) as a standard queue does: messages become
 * invisible for a visibility timeout once received and come back unless deleted, a message
 * received too often goes to the dead-letter queue, receives pick messages in no particular order
 * (shuffled), and now and then a message is delivered again after it was deleted (at least once).
 */
import type { Message } from "@aws-sdk/client-sqs";
import { createHash, randomUUID } from "node:crypto";
import { Fault, type Random } from "../random";
import { JsonServer } from "../../support/json-server";

interface Stored {
  id: string;
  body: string;
  receiptHandle?: string;
  receives: number;
  visibleAt: number;
}

export interface QueueOptions {
  visibilityTimeoutMs: number;
  maxReceiveCount: number;
  /** Receives pick visible messages in random order. */
  shuffle: boolean;
  /** Share of deleted messages delivered once more, later. */
  duplicate: number;
  random: Random;
}

export class ChangeQueue {
  readonly deadLetters: string[] = [];
  private readonly duplicate: Fault;
  sent = 0;
  /** Duplicates scheduled but not yet back on the queue. */
  private scheduled = 0;
  private readonly messages = new Map<string, Stored>();
  private readonly byReceipt = new Map<string, string>();
  private readonly waiting = new Set<() => void>();
  private readonly server: JsonServer;
  private stopped = false;

  constructor(private readonly options: QueueOptions) {
    this.duplicate = new Fault(options.random, options.duplicate);
    this.server = new JsonServer("application/x-amz-json-1.0", {
      ReceiveMessage: (input) => this.receive(input),
      DeleteMessageBatch: async (input) => this.deleteBatch(input.Entries as { Id: string; ReceiptHandle: string }[]),
    });
  }

  async start(): Promise<string> {
    return `${await this.server.start()}/000000000000/changes`;
  }

  stop(): Promise<void> {
    // Long polls in progress answer now, empty, as a deleted queue's do.
    this.stopped = true;
    for (const wake of this.waiting) wake();
    return this.server.stop();
  }

  get injected() {
    return { duplicates: this.duplicate.count };
  }

  /** Messages not yet deleted (in flight or waiting). */
  get depth(): number {
    return this.messages.size + this.scheduled;
  }

  send(body: string): void {
    this.sent++;
    this.enqueue({ id: randomUUID(), body, receives: 0, visibleAt: Date.now() });
  }

  private enqueue(message: Stored): void {
    this.messages.set(message.id, message);
    for (const wake of this.waiting) wake();
  }

  private async receive(input: Record<string, unknown>): Promise<{ Messages: Message[] }> {
    const max = Number(input.MaxNumberOfMessages ?? 1);
    const deadline = Date.now() + Math.min(Number(input.WaitTimeSeconds ?? 0), 20) * 1000;
    for (;;) {
      const picked = this.pick(max);
      if (picked.length > 0 || this.stopped || Date.now() >= deadline) return { Messages: picked };
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiting.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(100, Math.max(0, deadline - Date.now())));
        this.waiting.add(wake);
      });
    }
  }

  private pick(max: number): Message[] {
    const now = Date.now();
    const visible = [...this.messages.values()].filter((m) => m.visibleAt <= now);
    if (this.options.shuffle) {
      // The first `max` steps of a Fisher-Yates shuffle: a random choice, in a random order.
      for (let i = 0; i < Math.min(max * 2, visible.length); i++) {
        const j = i + Math.floor(this.options.random() * (visible.length - i));
        [visible[i], visible[j]] = [visible[j]!, visible[i]!];
      }
    }
    const out: Message[] = [];
    for (const m of visible) {
      if (out.length >= max) break;
      if (m.receives >= this.options.maxReceiveCount) {
        this.messages.delete(m.id);
        if (m.receiptHandle) this.byReceipt.delete(m.receiptHandle);
        this.deadLetters.push(m.body);
        continue;
      }
      m.receives++;
      if (m.receiptHandle) this.byReceipt.delete(m.receiptHandle);
      m.receiptHandle = randomUUID();
      this.byReceipt.set(m.receiptHandle, m.id);
      m.visibleAt = now + this.options.visibilityTimeoutMs;
      out.push({
        MessageId: m.id,
        ReceiptHandle: m.receiptHandle,
        Body: m.body,
        MD5OfBody: createHash("md5").update(m.body).digest("hex"),
        Attributes: { ApproximateReceiveCount: String(m.receives) },
      });
    }
    return out;
  }

  private deleteBatch(entries: { Id: string; ReceiptHandle: string }[]) {
    for (const entry of entries) {
      const id = this.byReceipt.get(entry.ReceiptHandle);
      // A stale receipt handle deletes nothing: the message is being received again.
      if (id === undefined) continue;
      const message = this.messages.get(id)!;
      this.byReceipt.delete(entry.ReceiptHandle);
      this.messages.delete(id);
      if (this.duplicate.fires()) {
        const again = { ...message, receives: 0, visibleAt: Date.now() + this.options.visibilityTimeoutMs };
        this.scheduled++;
        setTimeout(() => {
          this.scheduled--;
          this.enqueue(again);
        }, this.options.visibilityTimeoutMs).unref();
      }
    }
    return { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] };
  }
}
