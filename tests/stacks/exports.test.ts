/**
 * The primary's exports are the one versioned contract between the two stacks. These are unit
 * tests of the validator the secondary reads them through (pure: no plan, no mock runtime).
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  PRIMARY_EXPORT_NAMES,
  PRIMARY_EXPORTS_VERSION,
  PrimaryExportsError,
  parsePrimaryExports,
  type PrimaryExports,
} from "../../stacks/exports";
import type { deployPrimary, PrimaryStackExtras } from "../../stacks/primary";

const VALID: PrimaryExports = {
  exportsVersion: PRIMARY_EXPORTS_VERSION,
  region: "us-east-1",
  environment: "prod",
  vpcId: "vpc-0a1b2c3d4e5f60718",
  vpcCidr: "10.0.0.0/16",
  kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  streamName: "prod-ingestion-stream-1a2b3c4",
  streamArn: "arn:aws:kinesis:us-east-1:123456789012:stream/prod-ingestion-stream-1a2b3c4",
  tableName: "prod-ingestion-table-1a2b3c4",
  tableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/prod-ingestion-table-1a2b3c4",
  tableReplicaRegion: "us-west-2",
  tableReplicaKmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/5678abcd-12ab-34cd-56ef-1234567890ab",
  processedBucketName: "prod-ingestion-processed-use1-1a2b3c4",
  processedBucketArn: "arn:aws:s3:::prod-ingestion-processed-use1-1a2b3c4",
  eventBusName: "prod-ingestion-events-bus-1a2b3c4",
  eventBusArn: "arn:aws:events:us-east-1:123456789012:event-bus/prod-ingestion-events-bus-1a2b3c4",
  hostedZoneId: "Z0123456789ABCDEFGHIJ",
  appHostName: "app.example.com",
  globalClusterIdentifier: "prod-web-global",
  databaseSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod-web-db-master-secret-1a2b3c4-AbCdEf",
  backupVaultArn: "arn:aws:backup:us-east-1:123456789012:backup-vault:prod-observability-vault-use1",
  fileSystemId: "fs-0123456789abcdef0",
  staticAssetsBucketName: "prod-web-assets-use1-1a2b3c4",
  staticAssetsBucketArn: "arn:aws:s3:::prod-web-assets-use1-1a2b3c4",
  staticAssetsReplicaBucketName: "prod-web-assets-usw2-0a1b2c3d",
  cdnDistributionArn: "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL",
};

/** The error parsePrimaryExports throws for these values (fails the test when it does not throw). */
function rejection(values: Record<string, unknown>): PrimaryExportsError {
  try {
    parsePrimaryExports("primary", values);
  } catch (e) {
    expect(e).toBeInstanceOf(PrimaryExportsError);
    return e as PrimaryExportsError;
  }
  throw new Error(`parsePrimaryExports accepted ${JSON.stringify(values)}`);
}

function without(name: keyof PrimaryExports): Record<string, unknown> {
  const values: Record<string, unknown> = { ...VALID };
  delete values[name];
  return values;
}

describe("the PrimaryExports contract", () => {
  it("lists every export name of the type, and the primary program returns those keys and its declared extras", () => {
    expect([...PRIMARY_EXPORT_NAMES].sort()).toEqual(Object.keys(VALID).sort());
    // Compile-time: deployPrimary returns one value per key of PrimaryExports and of its extras (outputs for people), no more, no fewer.
    expectTypeOf<keyof ReturnType<typeof deployPrimary>>().toEqualTypeOf<
      keyof PrimaryExports | keyof PrimaryStackExtras
    >();
  });

  it("accepts what a primary of this version exports and returns it typed", () => {
    expect(parsePrimaryExports("primary", { ...VALID })).toEqual(VALID);
  });

  it("accepts a primary without a secondary region: no replica bucket name", () => {
    expect(parsePrimaryExports("primary", { ...VALID, staticAssetsReplicaBucketName: "" })).toMatchObject({
      staticAssetsReplicaBucketName: "",
    });
  });

  it("accepts (and drops) an export it does not know: adding an export keeps the version", () => {
    expect(parsePrimaryExports("primary", { ...VALID, dashboardUrl: "https://example.com" })).toEqual(VALID);
  });
});

describe("parsePrimaryExports rejects what the secondary cannot use", () => {
  it.each(PRIMARY_EXPORT_NAMES.map((name) => [name]))("names the missing output %s", (name) => {
    const error = rejection(without(name));
    expect(error.message).toContain(`output "${name}" is missing`);
    // Only the missing one is named.
    for (const other of PRIMARY_EXPORT_NAMES.filter((n) => n !== name))
      expect(error.message).not.toContain(`"${other}"`);
  });

  it("names the primary stack and tells the user to deploy it first", () => {
    const error = rejection(without("vpcId"));
    expect(error.message).toContain(
      `The primary stack "primary" does not export what this stack needs (exports v${PRIMARY_EXPORTS_VERSION})`,
    );
    expect(error.message).toContain("pulumi up --stack primary");
  });

  it("lists every missing output at once, e.g. when the primary was never deployed", () => {
    const error = rejection({});
    for (const name of PRIMARY_EXPORT_NAMES) expect(error.message).toContain(`output "${name}" is missing`);
  });

  it("rejects a primary deployed with another version of the contract, naming both versions", () => {
    const error = rejection({ ...VALID, exportsVersion: PRIMARY_EXPORTS_VERSION + 1 });
    expect(error.message).toContain(
      `output "exportsVersion" is ${PRIMARY_EXPORTS_VERSION + 1}, this program reads version ${PRIMARY_EXPORTS_VERSION}`,
    );
  });

  it.each([[0], [1.5], ["1"]])("rejects exportsVersion %j, quoting it", (version) => {
    const error = rejection({ ...VALID, exportsVersion: version });
    expect(error.message).toContain(`output "exportsVersion" = ${JSON.stringify(version)}`);
  });

  it.each([
    ["not an ARN at all", "key-1234"],
    ["no account", "arn:aws:kms:us-east-1::key/1234abcd-12ab-34cd-56ef-1234567890ab"],
    ["a short account", "arn:aws:kms:us-east-1:12345:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
    ["no resource", "arn:aws:kms:us-east-1:123456789012:"],
    ["another service", "arn:aws:iam::123456789012:role/prod-network-flow-logs-use1"],
    ["an alias, not a key", "arn:aws:kms:us-east-1:123456789012:alias/prod-platform"],
  ])("rejects a malformed kmsKeyArn (%s), naming the output and quoting the value", (_, value) => {
    const error = rejection({ ...VALID, kmsKeyArn: value });
    expect(error.message).toContain(`output "kmsKeyArn" = ${JSON.stringify(value)}`);
  });

  it.each([
    ["vpcId", "subnet-0a1b2c3d"],
    ["vpcCidr", "10.0.0.0"],
    ["vpcCidr", "banana"],
    ["region", "us-nowhere-9"],
    ["region", ""],
    ["environment", ""],
    ["staticAssetsReplicaBucketName", "prod.web.assets"],
    ["staticAssetsReplicaBucketName", "Prod-Web-Assets"],
    ["cdnDistributionArn", "arn:aws:cloudfront::123456789012:origin-access-control/E2QWRUHAPOMQZL"],
    ["cdnDistributionArn", "E2QWRUHAPOMQZL"],
  ] as const)("rejects %s = %j, naming the output and quoting the value", (name, value) => {
    const error = rejection({ ...VALID, [name]: value });
    expect(error.message).toContain(`output "${name}" = ${JSON.stringify(value)}`);
  });

  it("reports every problem in one message", () => {
    const error = rejection({ ...VALID, vpcId: "nope", kmsKeyArn: "nope", region: undefined });
    expect(error.message).toContain(`output "vpcId" = "nope"`);
    expect(error.message).toContain(`output "kmsKeyArn" = "nope"`);
    expect(error.message).toContain(`output "region" is missing`);
  });

  it("is a RunError, so Pulumi prints the message without a stack trace", () => {
    expect(pulumi.RunError.isInstance(rejection({}))).toBe(true);
  });
});
