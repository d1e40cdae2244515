/**
 * What a work message names: the objects to process. Two shapes are accepted:
 *
 * - an S3 event notification (`{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put",
 *   "s3":{"bucket":{"name":…},"object":{"key":…}}}]}`), the lake's raw/ prefix notifying the queue;
 *   the object key arrives URL-encoded (spaces as "+"), as S3 sends it. Records of other events
 *   (ObjectRemoved, …) name no work. S3's `s3:TestEvent`, sent when the notification is
 *   configured, names no work either.
 * - a small JSON document `{"bucket": "…", "key": "…"}` (a producer or an operator queueing work).
 */

export interface WorkItem {
  bucket: string;
  key: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** S3 notifications encode keys as URL query values: "+" for a space, %XX for the rest. */
export const decodeS3Key = (key: string): string => decodeURIComponent(key.replace(/\+/g, " "));

/** The objects a message body names (possibly none), or what is wrong with it. */
export function parseWorkMessage(body: string | undefined): WorkItem[] | string {
  let doc: unknown;
  try {
    doc = JSON.parse(body ?? "");
  } catch {
    return "body is not JSON";
  }
  if (!isObject(doc)) return "body is not a JSON object";
  if (doc.Event === "s3:TestEvent") return [];
  if (Array.isArray(doc.Records)) {
    const items: WorkItem[] = [];
    for (const [i, record] of doc.Records.entries()) {
      if (!isObject(record) || record.eventSource !== "aws:s3") return `Records[${i}] is not an S3 event record`;
      if (typeof record.eventName !== "string" || !record.eventName.startsWith("ObjectCreated:")) continue;
      const s3 = isObject(record.s3) ? record.s3 : {};
      const bucket = isObject(s3.bucket) ? s3.bucket.name : undefined;
      const key = isObject(s3.object) ? s3.object.key : undefined;
      if (typeof bucket !== "string" || typeof key !== "string") return `Records[${i}] names no bucket and key`;
      try {
        items.push({ bucket, key: decodeS3Key(key) });
      } catch {
        return `Records[${i}] has a key that is not URL-encoded`;
      }
    }
    return items;
  }
  if (typeof doc.bucket === "string" && typeof doc.key === "string" && doc.bucket && doc.key)
    return [{ bucket: doc.bucket, key: doc.key }];
  return 'body is neither an S3 event notification nor {"bucket", "key"}';
}
