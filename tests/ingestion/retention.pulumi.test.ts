/**
 * The retention delivery (R2's writer): Firehose reads the stream and writes every record into the
 * retention bucket. Its role gets the bucket grant every writer gets, built by the storage grant
 * helpers, plus exactly what Firehose needs besides (Amazon Data Firehose Developer Guide, "Grant
 * Firehose access to an Amazon S3 destination").
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { createRetentionDelivery } from "../../components/ingestion/retention";
import { regionContext } from "../../components/shared/region";
import { planProgram, type ResourceGraph } from "../../offline/testkit";
import { list, statements, type Statement } from "../storage/helpers";

const ACCOUNT = "123456789012";
const STREAM_ARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/events`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const BUCKET_ARN = "arn:aws:s3:::retention-use1-0000000";

/** What Firehose needs on its S3 destination, no more. */
const FIREHOSE_S3_ACTIONS = [
  "s3:AbortMultipartUpload",
  "s3:GetBucketLocation",
  "s3:GetObject",
  "s3:ListBucket",
  "s3:ListBucketMultipartUploads",
  "s3:PutObject",
];

let graph: ResourceGraph;
let policy: Statement[];

beforeAll(async () => {
  ({ graph } = await planProgram(() => {
    const parent = new pulumi.ComponentResource("twin-region:test:Retention", "pipeline");
    createRetentionDelivery(
      "archive",
      {
        streamArn: STREAM_ARN,
        streamKmsKeyArn: KEY,
        bucketArn: BUCKET_ARN,
        bucketKmsKeyArn: KEY,
        where: regionContext("Retention", "us-east-1", parent),
      },
      { parent },
    );
  }));
  policy = statements(graph.one("aws:iam/rolePolicy:RolePolicy", "archive-access").inputs.policy);
});

describe("the retention delivery's role", () => {
  it("may do on the retention bucket exactly what Firehose needs: AbortMultipartUpload, GetBucketLocation, GetObject, ListBucket, ListBucketMultipartUploads, PutObject", () => {
    const s3 = policy.filter((s) => list(s.Action).some((a) => a.startsWith("s3:")));
    expect([...new Set(s3.flatMap((s) => list(s.Action)))].sort()).toEqual(FIREHOSE_S3_ACTIONS);
    for (const s of s3) {
      expect(
        list(s.Action).every((a) => a.startsWith("s3:")),
        JSON.stringify(s),
      ).toBe(true);
      // Object actions on the objects, bucket actions on the bucket: never both on both.
      const objects = list(s.Action).some((a) => /Object|MultipartUpload$/.test(a));
      expect(list(s.Resource), JSON.stringify(s)).toEqual([objects ? `${BUCKET_ARN}/*` : BUCKET_ARN]);
    }
  });

  it("uses the bucket's key only through S3 in its region and only for this bucket's objects (kms:EncryptionContext:aws:s3:arn), as every bucket grant does", () => {
    const bucketKey = policy.filter(
      (s) =>
        list(s.Action).some((a) => a.startsWith("kms:")) &&
        s.Condition?.StringEquals?.["kms:ViaService"] !== "kinesis.us-east-1.amazonaws.com",
    );
    expect(bucketKey).toHaveLength(1);
    const [key] = bucketKey;
    expect(list(key!.Action).sort()).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
    expect(list(key!.Resource)).toEqual([KEY]);
    expect(key!.Condition).toEqual({
      StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
      StringLike: { "kms:EncryptionContext:aws:s3:arn": [BUCKET_ARN, `${BUCKET_ARN}/*`] },
    });
  });

  it("reads the stream with the stream's key through Kinesis, and writes its delivery errors to its own log group", () => {
    const kinesis = policy.find((s) => list(s.Action).includes("kinesis:GetRecords"))!;
    expect(list(kinesis.Resource)).toEqual([STREAM_ARN]);
    const streamKey = policy.find(
      (s) => s.Condition?.StringEquals?.["kms:ViaService"] === "kinesis.us-east-1.amazonaws.com",
    )!;
    expect(list(streamKey.Action)).toEqual(["kms:Decrypt"]);
    const logs = policy.find((s) => list(s.Action).includes("logs:PutLogEvents"))!;
    expect(list(logs.Resource)).toEqual([
      expect.stringMatching(/^arn:aws:logs:us-east-1:\d{12}:log-group:.+:log-stream:\*$/),
    ]);
  });
});
