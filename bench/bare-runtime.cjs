/*
 * The limit a plan is compared with: Pulumi's bare mocked runtime registering REGISTRATIONS
 * resources in one process (plain @pulumi/aws KMS keys, SQS queues, IAM roles and role policies,
 * four under each component, trivial mocks that echo their inputs), process start included.
 * Plain JavaScript run by plain Node, as a program with no engine and no TypeScript loader.
 *
 *   node bench/bare-runtime.cjs 402   → prints { registrations, ms (since process start), maxRssBytes } as JSON
 */
"use strict";
const pulumi = require("@pulumi/pulumi");
const aws = require("@pulumi/aws");
const settings = require("@pulumi/pulumi/runtime/settings");

const wanted = Number(process.argv[2] ?? "400");
let registered = 0;

pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered++;
      return {
        id: `${args.name}-id`,
        state: { ...args.inputs, arn: `arn:aws:bench:::${args.name}`, name: args.inputs.name ?? args.name },
      };
    },
    call: (args) => args.inputs,
  },
  "bare",
  "bench",
  false,
);

class Group extends pulumi.ComponentResource {
  constructor(name, size) {
    super("bare:index:Group", name, {}, {});
    const parent = this;
    const make = [
      (n) => new aws.kms.Key(n, { description: n, enableKeyRotation: true }, { parent }),
      (n) => new aws.sqs.Queue(n, { messageRetentionSeconds: 1209600 }, { parent }),
      (n) =>
        new aws.iam.Role(n, { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) }, { parent }),
      (n) =>
        new aws.iam.RolePolicy(
          n,
          { role: `${n}-role`, policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) },
          { parent },
        ),
    ];
    for (let i = 0; i < size; i++) make[i](`${name}-${i}`);
    this.registerOutputs({});
  }
}

pulumi.runtime
  .runInPulumiStack(async () => {
    // The stack is one registration; each group is a component and up to four resources under it.
    let left = wanted - 1;
    for (let g = 0; left > 0; g++) {
      const size = Math.min(4, left - 1);
      new Group(`group-${g}`, size);
      left -= size + 1;
    }
  })
  .then(() => settings.waitForRPCs())
  .then(() => {
    // The mock sees every registration, the stack's included.
    console.log(
      JSON.stringify({
        registrations: registered,
        ms: performance.now(),
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
      }),
    );
  });
