/** The API's mapping templates and the hash that redeploys it when a definition changes. */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { INGESTION_API_RESPONSES } from "./defaults";

/**
 * The integration request template: the validated body `{ "records": [event, ...] }` becomes a
 * Kinesis PutRecords request with one record per event, whose data is the event's JSON,
 * base64-encoded, and whose partition key is its eventId (safe to embed: the model restricts it
 * to letters, digits and `._:-`).
 */
export function putRecordsRequestTemplate(streamName: string): string {
  return [
    "#set($records = $input.path('$.records'))",
    "{",
    `  "StreamName": "${assertStreamName(streamName)}",`,
    '  "Records": [',
    "#foreach($record in $records)",
    "    {",
    '      "Data": "$util.base64Encode($input.json("$.records[$foreach.index]"))",',
    '      "PartitionKey": "$record.eventId"',
    "    }#if($foreach.hasNext),#end",
    "#end",
    "  ]",
    "}",
  ].join("\n");
}

/** Response templates by method status: results in request order, no account or stream details. */
export const RESPONSE_TEMPLATES: Readonly<Record<(typeof INGESTION_API_RESPONSES)[number]["statusCode"], string>> = {
  "200": [
    "#set($response = $input.path('$'))",
    "{",
    '  "failedRecordCount": $response.FailedRecordCount,',
    '  "records": [',
    "#foreach($result in $response.Records)",
    '#if("$!result.ErrorCode" != "")',
    '    { "errorCode": "$result.ErrorCode" }#if($foreach.hasNext),#end',
    "#else",
    '    { "sequenceNumber": "$result.SequenceNumber", "shardId": "$result.ShardId" }#if($foreach.hasNext),#end',
    "#end",
    "#end",
    "  ],",
    '  "requestId": "$context.requestId"',
    "}",
  ].join("\n"),
  "400": [
    "#set($type = $input.path('$.__type'))",
    '{ "message": "Kinesis rejected the batch", "errorType": "$!type", "requestId": "$context.requestId" }',
  ].join("\n"),
  "500": '{ "message": "The ingestion backend failed; retry with backoff", "requestId": "$context.requestId" }',
};

/** sha256 of the JSON of the API's definitions: the Deployment's redeployment trigger. */
export function redeploymentHash(definitions: pulumi.Input<Record<string, unknown>>): pulumi.Output<string> {
  return pulumi.output(definitions).apply((d) => createHash("sha256").update(JSON.stringify(d)).digest("hex"));
}

const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

export function assertStreamName(name: string): string {
  if (typeof name !== "string" || !STREAM_NAME.test(name)) {
    throw new Error(
      `streamName: "${String(name)}" is not a Kinesis stream name (1-128 letters, digits, "_", "." or "-")`,
    );
  }
  return name;
}
