/**
 * `aws.iam.getPolicyDocument` rendered exactly as the AWS provider renders it
 * (terraform-provider-aws internal/service/iam: policyDecodeConfigStringList sorts in reverse,
 * the plugin SDK orders set blocks by hash code, Go writes map keys sorted and struct fields in
 * declaration order, MarshalIndent with two spaces). The goldens are the provider's exact bytes.
 */
import * as zlib from "node:zlib";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { planProgram, ProgramError, renderPolicyDocument, valueOf } from "../../offline/testkit";

type Args = Parameters<typeof renderPolicyDocument>[0];
const json = (args: Args) => renderPolicyDocument(args).json;

const SETS: Args = {
  statements: [
    { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::orders/*"] },
    {
      sid: "Many",
      effect: "Deny",
      actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:GetObject"],
      resources: ["arn:aws:s3:::orders/*", "arn:aws:s3:::orders"],
    },
  ],
};
const SETS_JSON = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::orders/*"
    },
    {
      "Sid": "Many",
      "Effect": "Deny",
      "Action": [
        "s3:PutObject",
        "s3:GetObject",
        "s3:DeleteObject"
      ],
      "Resource": [
        "arn:aws:s3:::orders/*",
        "arn:aws:s3:::orders"
      ]
    }
  ]
}`;

const PRINCIPALS: Args = {
  statements: [
    {
      actions: ["kms:Decrypt"],
      resources: ["*"],
      principals: [
        { type: "Service", identifiers: ["sns.amazonaws.com", "events.amazonaws.com"] },
        { type: "AWS", identifiers: ["arn:aws:iam::123456789012:root", "111122223333"] },
        { type: "Service", identifiers: ["logs.amazonaws.com"] },
      ],
    },
    { effect: "Deny", actions: ["s3:*"], resources: ["*"], principals: [{ type: "*", identifiers: ["*"] }] },
    { actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["*"] }] },
  ],
};
// The two Service blocks merge in the SDK's set order (by hash code: logs first), each block's
// identifiers reverse-sorted; types are map keys, so sorted.
const PRINCIPALS_JSON = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "kms:Decrypt",
      "Resource": "*",
      "Principal": {
        "AWS": [
          "arn:aws:iam::123456789012:root",
          "111122223333"
        ],
        "Service": [
          "logs.amazonaws.com",
          "sns.amazonaws.com",
          "events.amazonaws.com"
        ]
      }
    },
    {
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "*",
      "Principal": "*"
    },
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": {
        "AWS": "*"
      }
    }
  ]
}`;

const CONDITIONS: Args = {
  statements: [
    {
      actions: ["s3:ListBucket"],
      resources: ["arn:aws:s3:::home"],
      conditions: [
        { test: "StringLike", variable: "s3:prefix", values: ["home/&{aws:username}/*", "home/"] },
        { test: "Bool", variable: "aws:SecureTransport", values: ["true"] },
        { test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] },
        { test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-b", "o-a"] },
      ],
    },
    { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::home/&{aws:username}/*"] },
  ],
};
const CONDITIONS_JSON = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::home",
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "true"
        },
        "StringEquals": {
          "aws:PrincipalOrgID": [
            "o-b",
            "o-a"
          ],
          "aws:SourceAccount": "123456789012"
        },
        "StringLike": {
          "s3:prefix": [
            "home/\${aws:username}/*",
            "home/"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::home/\${aws:username}/*"
    }
  ]
}`;

// Inputs given in the reverse of the output order: the output order is Go's, not the program's.
const EVERY_FIELD: Args = {
  version: "2012-10-17",
  policyId: "doc-1",
  statements: [
    {
      conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      notPrincipals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:role/admin"] }],
      principals: [{ type: "AWS", identifiers: ["*"] }],
      notResources: ["arn:aws:s3:::keep/*"],
      resources: ["arn:aws:s3:::b/*"],
      notActions: ["s3:GetObject"],
      actions: ["s3:PutObject"],
      effect: "Deny",
      sid: "Everything",
    },
  ],
};
const EVERY_FIELD_JSON = `{
  "Version": "2012-10-17",
  "Id": "doc-1",
  "Statement": [
    {
      "Sid": "Everything",
      "Effect": "Deny",
      "Action": "s3:PutObject",
      "NotAction": "s3:GetObject",
      "Resource": "arn:aws:s3:::b/*",
      "NotResource": "arn:aws:s3:::keep/*",
      "Principal": {
        "AWS": "*"
      },
      "NotPrincipal": {
        "AWS": "arn:aws:iam::123456789012:role/admin"
      },
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      }
    }
  ]
}`;

const MERGE: Args = {
  sourcePolicyDocuments: [
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Action: "s3:GetObject", Resource: "*", Effect: "Allow", Sid: "Read" },
        {
          Effect: "Allow",
          Principal: { AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"] },
          Action: ["sqs:SendMessage", "sqs:ReceiveMessage"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": ["123456789012"] } },
        },
        { Sid: "Write", Effect: "Allow", Action: "s3:PutObject", Resource: "*" },
      ],
    }),
  ],
  statements: [
    { sid: "Write", actions: ["s3:PutObject", "s3:DeleteObject"], resources: ["arn:aws:s3:::b/*"] },
    { sid: "List", actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::b"] },
  ],
  overridePolicyDocuments: [
    JSON.stringify({
      Statement: [
        { Sid: "Read", Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::secret/*" },
        { Sid: "Extra", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: "*" },
      ],
    }),
  ],
};
// Source first, statements replace same-Sid statements in place, overrides last; the source's
// statements are re-written through the provider's model (field order, principals, conditions).
const MERGE_JSON = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Deny",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::secret/*"
    },
    {
      "Effect": "Allow",
      "Action": [
        "sqs:SendMessage",
        "sqs:ReceiveMessage"
      ],
      "Resource": "*",
      "Principal": {
        "AWS": [
          "arn:aws:iam::444455556666:root",
          "arn:aws:iam::111122223333:root"
        ]
      },
      "Condition": {
        "StringEquals": {
          "aws:SourceAccount": "123456789012"
        }
      }
    },
    {
      "Sid": "Write",
      "Effect": "Allow",
      "Action": [
        "s3:PutObject",
        "s3:DeleteObject"
      ],
      "Resource": "arn:aws:s3:::b/*"
    },
    {
      "Sid": "List",
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::b"
    },
    {
      "Sid": "Extra",
      "Effect": "Allow",
      "Action": "s3:GetBucketLocation",
      "Resource": "*"
    }
  ]
}`;

describe("renderPolicyDocument: the provider's JSON, byte for byte", () => {
  it("one action or resource renders as a string, several as a reverse-sorted list without duplicates; Effect defaults to Allow; an empty Sid is omitted", () => {
    expect(json(SETS)).toBe(SETS_JSON);
  });

  it('principals of one type are merged (blocks in the SDK\'s set order, identifiers reverse-sorted), types sorted; only */* renders as "Principal": "*"', () => {
    expect(json(PRINCIPALS)).toBe(PRINCIPALS_JSON);
  });

  it("conditions are grouped by test then variable (keys sorted, values in given order, one value as a string); &{aws:username} becomes ${aws:username}", () => {
    expect(json(CONDITIONS)).toBe(CONDITIONS_JSON);
  });

  it("keys come in Go's order: Version, Id, Statement; Sid, Effect, Action, NotAction, Resource, NotResource, Principal, NotPrincipal, Condition", () => {
    expect(json(EVERY_FIELD)).toBe(EVERY_FIELD_JSON);
  });

  it("sourcePolicyDocuments, then statements, then overridePolicyDocuments are merged by Sid", () => {
    expect(json(MERGE)).toBe(MERGE_JSON);
  });

  it("minifiedJson is the same document without whitespace; id is the CRC-32 of json, as the provider's StringHashcode", () => {
    const doc = renderPolicyDocument(MERGE);
    expect(doc.minifiedJson).toBe(JSON.stringify(JSON.parse(MERGE_JSON)));
    expect(doc.id).toBe(String(zlib.crc32(MERGE_JSON)));
  });

  it("a document without statements has no Statement key", () => {
    expect(json({})).toBe(`{\n  "Version": "2012-10-17"\n}`);
  });

  it("actions keep &{ (only resources, principals and conditions substitute variables); <, > and & are escaped as Go does", () => {
    const doc = json({
      statements: [
        {
          actions: ["s3:&{x}"],
          resources: ["*"],
          conditions: [{ test: "StringEquals", variable: "aws:UserAgent", values: ["a<b>&c"] }],
        },
      ],
    });
    expect(doc).toContain(`"Action": "s3:\\u0026{x}"`);
    expect(doc).toContain(`"aws:UserAgent": "a\\u003cb\\u003e\\u0026c"`);
    expect(JSON.parse(doc).Statement[0].Condition.StringEquals["aws:UserAgent"]).toBe("a<b>&c");
  });

  it("a duplicate Sid is rejected, in the statements and across source documents", () => {
    expect(() =>
      json({
        statements: [
          { sid: "A", actions: ["s3:GetObject"] },
          { sid: "A", actions: ["s3:PutObject"] },
        ],
      }),
    ).toThrow(/duplicate Sid \(A\)\. Remove the Sid or ensure the Sid is unique/);
    const source = (action: string) => JSON.stringify({ Statement: [{ Sid: "A", Effect: "Allow", Action: action }] });
    expect(() => json({ sourcePolicyDocuments: [source("s3:GetObject"), source("s3:PutObject")] })).toThrow(
      /merging source document 1: duplicate Sid \(A\) in sourcePolicyDocuments/,
    );
  });

  it("a Sid that is not alphanumeric and an effect other than Allow/Deny are rejected", () => {
    expect(() => json({ statements: [{ sid: "not-alnum", actions: ["s3:GetObject"] }] })).toThrow(
      /sid "not-alnum" must only include alphanumeric/,
    );
    expect(() => json({ statements: [{ effect: "Maybe", actions: ["s3:GetObject"] }] })).toThrow(
      /effect must be "Allow" or "Deny"/,
    );
  });
});

describe("aws.iam.getPolicyDocumentOutput inside a program", () => {
  let docs: { json: string; minifiedJson: string; id: string }[];
  beforeAll(async () => {
    await planProgram(async () => {
      // Principals computed from other outputs, as programs do.
      const identity = aws.getCallerIdentityOutput();
      const withOutputs = aws.iam.getPolicyDocumentOutput({
        statements: [
          {
            actions: ["kms:Decrypt"],
            resources: ["*"],
            principals: [
              { type: "Service", identifiers: ["sns.amazonaws.com", "events.amazonaws.com"] },
              {
                type: "AWS",
                identifiers: [pulumi.interpolate`arn:aws:iam::${identity.accountId}:root`, "111122223333"],
              },
              { type: "Service", identifiers: ["logs.amazonaws.com"] },
            ],
          },
          { effect: "Deny", actions: ["s3:*"], resources: ["*"], principals: [{ type: "*", identifiers: ["*"] }] },
          { actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["*"] }] },
        ],
      });
      const merged = aws.iam.getPolicyDocumentOutput(MERGE as aws.iam.GetPolicyDocumentOutputArgs);
      docs = await valueOf(
        pulumi
          .all([withOutputs, merged])
          .apply((all) => all.map((d) => ({ json: d.json, minifiedJson: d.minifiedJson, id: d.id }))),
      );
    });
  });

  it("doc.json is the provider's rendering, identical to renderPolicyDocument", () => {
    expect(docs[0]!.json).toBe(PRINCIPALS_JSON);
    expect(docs[1]!.json).toBe(MERGE_JSON);
    expect(docs[1]).toEqual(renderPolicyDocument(MERGE));
  });

  it("doc.minifiedJson and doc.id are returned too", () => {
    expect(docs[0]!.minifiedJson).toBe(JSON.stringify(JSON.parse(PRINCIPALS_JSON)));
    expect(docs[0]!.id).toBe(String(zlib.crc32(PRINCIPALS_JSON)));
  });

  it("a duplicate Sid fails the plan with a ProgramError", async () => {
    const run = planProgram(() => {
      aws.iam.getPolicyDocumentOutput({
        statements: [
          { sid: "Same", actions: ["s3:GetObject"] },
          { sid: "Same", actions: ["s3:PutObject"] },
        ],
      });
    });
    await expect(run).rejects.toBeInstanceOf(ProgramError);
    await expect(run).rejects.toThrow(/duplicate Sid \(Same\)/);
  });
});
