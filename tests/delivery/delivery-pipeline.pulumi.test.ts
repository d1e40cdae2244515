/**
 * DeliveryPipeline (components/delivery), planned once with a connection and a token secret of its
 * own and once with both brought by ARN: the stages and their order, the approval between the
 * regions, the projects (never privileged, CMK-encrypted, logging to encrypted groups), each role's
 * exact statements, the token only ever a Secrets Manager reference, the notifications, the pack's
 * verdict, and the args it refuses.
 */
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { DeliveryPipeline, type DeliveryPipelineArgs } from "../../components/delivery";
import { platformTags } from "../../components/security";
import { OFFLINE_ACCOUNT_ID } from "../../offline/aws-partition";
import type { RecordedResource } from "../../offline/graph";
import { blocking, planProgram, ProgramError, runPolicyPack, type ProgramPlan } from "../../offline/testkit";
import { statementsOf, type Statement } from "../../policy/rules/helpers";

const REGION = "us-east-1";
const KEY = `arn:aws:kms:${REGION}:${OFFLINE_ACCOUNT_ID}:key/0b1c2d3e-1111-4222-a333-444455556666`;
const TOPIC = `arn:aws:sns:${REGION}:${OFFLINE_ACCOUNT_ID}:prod-observability-topic`;
const DEPLOY_ROLE = `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role/pulumi-deploy`;
const CONNECTION = `arn:aws:codeconnections:${REGION}:${OFFLINE_ACCOUNT_ID}:connection/79d4d357-a2ee-41e4-b350-2fe39ae59448`;
const SECRET = `arn:aws:secretsmanager:${REGION}:${OFFLINE_ACCOUNT_ID}:secret:delivery/pulumi-token-AbCdEf`;
const PLAN = {
  region: REGION,
  defaultTags: platformTags({ environment: "prod", owner: "ops", costCenter: "ops", stack: "test", region: REGION }),
};

const PROJECT = "aws:codebuild/project:Project";
const PIPELINE = "aws:codepipeline/pipeline:Pipeline";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const RULE = "aws:codestarnotifications/notificationRule:NotificationRule";

const BASE: DeliveryPipelineArgs = {
  region: REGION,
  kmsKeyArn: KEY,
  accessLogBucketName: "prod-access-logs-use1-abc1234",
  alarmTopicArn: TOPIC,
  repository: "acme/twin-region",
  pulumiOrg: "acme",
  deployRoleArn: DEPLOY_ROLE,
};

function program(args: Partial<DeliveryPipelineArgs> = {}) {
  return () => {
    const d = new DeliveryPipeline("delivery", { ...BASE, ...args });
    return {
      pipelineName: d.pipelineName,
      pipelineArn: d.pipelineArn,
      connectionArn: d.connectionArn,
      connectionStatus: d.connectionStatus,
      tokenSecretArn: d.pulumiAccessTokenSecretArn,
      deployBuildRoleArns: d.deployBuildRoleArns,
      projectNames: d.projectNames,
    };
  };
}

const failure = (args: Partial<DeliveryPipelineArgs>): Promise<ProgramError> =>
  planProgram(program(args), PLAN).then(
    () => {
      throw new Error("the plan succeeded");
    },
    (e: ProgramError) => e,
  );

const statementsOfRole = (plan: ProgramPlan, role: RecordedResource): Statement[] =>
  plan.graph
    .ofType(ROLE_POLICY)
    .filter((p) => p.inputs.role === role.id || p.inputs.role === role.inputs.name)
    .flatMap((p) => statementsOf(p.inputs.policy));
const roleOf = (plan: ProgramPlan, arn: unknown): RecordedResource =>
  plan.graph.ofType(ROLE).find((r) => `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role/${r.inputs.name}` === arn)!;
const actionsOf = (statements: Statement[]) => [...new Set(statements.flatMap((s) => s.actions))].sort();

describe("DeliveryPipeline", () => {
  let plan: ProgramPlan;
  let mine: ProgramPlan;
  let pipeline: RecordedResource;
  let projects: Record<string, RecordedResource>;

  beforeAll(async () => {
    plan = await planProgram(program(), PLAN);
    mine = await planProgram(
      program({ connectionArn: CONNECTION, pulumiAccessTokenSecretArn: SECRET, branch: "release" }),
      PLAN,
    );
    pipeline = plan.graph.one(PIPELINE, "delivery-pipeline");
    projects = Object.fromEntries(plan.graph.ofType(PROJECT).map((p) => [String(p.inputs.name), p]));
  });

  it("runs Source → Test → DeployPrimary → Approve → DeploySecondary, a V2 pipeline of the repository's main branch", () => {
    const stages = pipeline.inputs.stages as any[];
    expect(pipeline.inputs.pipelineType).toBe("V2");
    expect(stages.map((s) => s.name)).toEqual(["Source", "Test", "DeployPrimary", "Approve", "DeploySecondary"]);
    const [source] = stages[0].actions;
    expect(source).toMatchObject({
      category: "Source",
      provider: "CodeStarSourceConnection",
      outputArtifacts: ["source"],
    });
    expect(source.configuration).toMatchObject({
      ConnectionArn: plan.outputs.connectionArn,
      FullRepositoryId: "acme/twin-region",
      BranchName: "main",
      DetectChanges: "true",
    });
    expect(
      stages
        .slice(1)
        .filter((s) => s.name !== "Approve")
        .map((s) => s.actions[0].configuration.ProjectName),
    ).toEqual(["delivery-test", "delivery-deploy-primary", "delivery-deploy-secondary"]);
  });

  it("waits for a manual approval, announced on the alarm topic, between the primary's deployment and the secondary's", () => {
    const names = (pipeline.inputs.stages as any[]).map((s) => s.name);
    expect(names.indexOf("DeployPrimary")).toBe(names.indexOf("Approve") - 1);
    expect(names.indexOf("DeploySecondary")).toBe(names.indexOf("Approve") + 1);
    const [approval] = (pipeline.inputs.stages as any[])[names.indexOf("Approve")].actions;
    expect(approval).toMatchObject({ category: "Approval", owner: "AWS", provider: "Manual" });
    expect(approval.configuration.NotificationArn).toBe(TOPIC);
  });

  it("keeps its artifacts in a CMK-encrypted SecureBucket, the CMK also the artifact store's key", () => {
    const [store] = pipeline.inputs.artifactStores as any[];
    expect(store.encryptionKey).toEqual({ id: KEY, type: "KMS" });
    const bucket = plan.graph.ofType("aws:s3/bucket:Bucket").find((b) => b.inputs.bucket === store.location);
    expect(bucket, "the artifact store is the component's bucket").toBeDefined();
    const sse = plan.graph
      .ofType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
      .find((e) => e.inputs.bucket === store.location);
    expect((sse!.inputs.rules as any[])[0].applyServerSideEncryptionByDefault).toEqual({
      sseAlgorithm: "aws:kms",
      kmsMasterKeyId: KEY,
    });
  });

  it("builds in three non-privileged projects encrypted with the CMK, each logging to its own CMK-encrypted group", () => {
    expect(Object.keys(projects).sort()).toEqual([
      "delivery-deploy-primary",
      "delivery-deploy-secondary",
      "delivery-test",
    ]);
    for (const p of Object.values(projects)) {
      const env = p.inputs.environment as any;
      expect(env.privilegedMode, p.name).toBe(false);
      expect(env.image).toBe("aws/codebuild/standard:7.0");
      expect(p.inputs.encryptionKey).toBe(KEY);
      const logs = (p.inputs.logsConfig as any).cloudwatchLogs;
      expect(logs.status).toBe("ENABLED");
      const group = plan.graph
        .ofType("aws:cloudwatch/logGroup:LogGroup")
        .find((g) => g.inputs.name === logs.groupName)!;
      expect(group.inputs).toMatchObject({ kmsKeyId: KEY, retentionInDays: 365 });
    }
  });

  it("never holds the Pulumi token: deploy.yml takes it from Secrets Manager, the secret is created empty, and no variable names a secret", () => {
    for (const p of Object.values(projects)) {
      const env = p.inputs.environment as any;
      for (const v of env.environmentVariables ?? []) {
        expect(v.type, `${p.name} ${v.name}`).toBe("PLAINTEXT");
        expect(v.name).not.toMatch(/TOKEN|SECRET|PASSWORD/);
      }
      const spec = parse(String((p.inputs.source as any).buildspec));
      expect(JSON.stringify(spec.env?.variables ?? {})).not.toMatch(/pul-[0-9a-f]{20,}/);
    }
    const deploy = parse(String((projects["delivery-deploy-primary"]!.inputs.source as any).buildspec));
    expect(deploy.env["secrets-manager"]).toEqual({ PULUMI_ACCESS_TOKEN: plan.outputs.tokenSecretArn });
    const secret = plan.graph.one("aws:secretsmanager/secret:Secret", "delivery-pulumi-token");
    expect(secret.inputs.kmsKeyId).toBe(KEY);
    expect(plan.graph.ofType("aws:secretsmanager/secretVersion:SecretVersion")).toEqual([]);
    expect((projects["delivery-deploy-primary"]!.inputs.environment as any).environmentVariables).toEqual(
      expect.arrayContaining([
        { name: "STACK", value: "primary", type: "PLAINTEXT" },
        { name: "PULUMI_ORG", value: "acme", type: "PLAINTEXT" },
        { name: "DEPLOY_ROLE_ARN", value: DEPLOY_ROLE, type: "PLAINTEXT" },
      ]),
    );
    expect((projects["delivery-deploy-secondary"]!.inputs.environment as any).environmentVariables).toContainEqual({
      name: "STACK",
      value: "secondary",
      type: "PLAINTEXT",
    });
  });

  it("gives each project a role of its own, trusted by CodeBuild for that project only, with only what its job needs", () => {
    const roles = Object.values(projects).map((p) => roleOf(plan, p.inputs.serviceRole));
    expect(new Set(roles.map((r) => r.urn)).size).toBe(3);
    for (const [i, p] of Object.values(projects).entries()) {
      const [trust] = statementsOf(roles[i]!.inputs.assumeRolePolicy);
      expect(trust!.principals).toEqual({ Service: ["codebuild.amazonaws.com"] });
      expect(trust!.conditions.ArnLike).toEqual({ "aws:SourceArn": p.id });
      expect(trust!.conditions.StringEquals).toEqual({ "aws:SourceAccount": OFFLINE_ACCOUNT_ID });
    }
    const test = statementsOfRole(plan, roleOf(plan, projects["delivery-test"]!.inputs.serviceRole));
    expect(actionsOf(test)).toEqual([
      "kms:Decrypt",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "s3:GetBucketAcl",
      "s3:GetBucketLocation",
      "s3:GetObject",
      "s3:GetObjectVersion",
      "s3:ListBucket",
    ]);
    const deploy = statementsOfRole(plan, roleOf(plan, projects["delivery-deploy-primary"]!.inputs.serviceRole));
    expect(actionsOf(deploy)).toEqual([
      "kms:Decrypt",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "s3:GetBucketAcl",
      "s3:GetBucketLocation",
      "s3:GetObject",
      "s3:GetObjectVersion",
      "s3:ListBucket",
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
      "sts:AssumeRole",
    ]);
    expect(deploy.find((s) => s.actions.includes("sts:AssumeRole"))!.resources).toEqual([DEPLOY_ROLE]);
    expect(deploy.find((s) => s.actions.includes("secretsmanager:GetSecretValue"))!.resources).toEqual([
      plan.outputs.tokenSecretArn,
    ]);
    for (const s of [...test, ...deploy]) expect(s.resources, s.sid).not.toContain("*");
  });

  it("lets the pipeline's role use only the connection, start only its projects, and publish the approval", () => {
    const role = roleOf(plan, pipeline.inputs.roleArn);
    const [trust] = statementsOf(role.inputs.assumeRolePolicy);
    expect(trust!.principals).toEqual({ Service: ["codepipeline.amazonaws.com"] });
    expect(trust!.conditions.ArnLike).toEqual({ "aws:SourceArn": plan.outputs.pipelineArn });
    const statements = statementsOfRole(plan, role);
    const bySid = (sid: string) => statements.find((s) => s.sid === sid)!;
    expect(bySid("UseSourceConnection").resources).toEqual([plan.outputs.connectionArn]);
    expect(bySid("RunBuilds").actions.sort()).toEqual(["codebuild:BatchGetBuilds", "codebuild:StartBuild"]);
    expect(bySid("RunBuilds").resources.sort()).toEqual(
      Object.values(projects)
        .map((p) => p.id)
        .sort(),
    );
    expect(bySid("AnnounceApproval")).toMatchObject({ actions: ["sns:Publish"], resources: [TOPIC] });
    for (const s of statements) expect(s.resources, s.sid).not.toContain("*");
  });

  it("tells the alarm topic of a failed execution, a waiting approval and each failed build", () => {
    const rules = plan.graph.ofType(RULE);
    expect(rules).toHaveLength(4);
    for (const r of rules) expect(r.inputs.targets).toEqual([{ address: TOPIC, type: "SNS" }]);
    const onPipeline = rules.find((r) => r.inputs.resource === plan.outputs.pipelineArn)!;
    expect(onPipeline.inputs.eventTypeIds).toEqual([
      "codepipeline-pipeline-pipeline-execution-failed",
      "codepipeline-pipeline-manual-approval-needed",
    ]);
    for (const p of Object.values(projects))
      expect(rules.find((r) => r.inputs.resource === p.id)?.inputs.eventTypeIds, p.name).toEqual([
        "codebuild-project-build-state-failed",
      ]);
  });

  it("creates a connection to GitHub that is PENDING until its handshake, and parents everything to itself", () => {
    const connection = plan.graph.one("aws:codeconnections/connection:Connection", "delivery-source");
    expect(connection.inputs.providerType).toBe("GitHub");
    expect(plan.outputs.connectionStatus).toBe("PENDING");
    const component = plan.graph.one("twin-region:delivery:DeliveryPipeline", "delivery");
    const custom = plan.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
    const under = new Set(plan.graph.descendantsOf(component).map((r) => r.urn));
    for (const r of custom) expect(under.has(r.urn), `${r.type} ${r.name}`).toBe(true);
  });

  it("uses a connection and a token secret brought by ARN, creating neither, on the branch given", () => {
    expect(mine.graph.ofType("aws:codeconnections/connection:Connection")).toEqual([]);
    expect(mine.graph.ofType("aws:secretsmanager/secret:Secret")).toEqual([]);
    expect(mine.outputs).toMatchObject({
      connectionArn: CONNECTION,
      connectionStatus: "EXISTING",
      tokenSecretArn: SECRET,
    });
    const [source] = (mine.graph.one(PIPELINE, "delivery-pipeline").inputs.stages as any[])[0].actions;
    expect(source.configuration).toMatchObject({ ConnectionArn: CONNECTION, BranchName: "release" });
    const deploy = mine.graph.ofType(PROJECT).find((p) => p.inputs.name === "delivery-deploy-primary")!;
    expect(parse(String((deploy.inputs.source as any).buildspec)).env["secrets-manager"].PULUMI_ACCESS_TOKEN).toBe(
      SECRET,
    );
  });

  it("passes every mandatory rule of the pack", () => {
    expect(blocking(runPolicyPack(plan)).map((v) => `${v.rule}: ${v.resourceName}: ${v.message}`)).toEqual([]);
    expect(blocking(runPolicyPack(mine)).map((v) => `${v.rule}: ${v.resourceName}: ${v.message}`)).toEqual([]);
  });

  it.each([
    [{ repository: "twin-region" }, /DeliveryPipeline: repository: "twin-region" is not a repository id "owner\/name"/],
    [{ repository: "acme/twin/region" }, /DeliveryPipeline: repository: "acme\/twin\/region" is not/],
    [{ branch: "" }, /DeliveryPipeline: branch: "" is not a branch name \(it is empty\)/],
    [{ branch: "feature..x" }, /DeliveryPipeline: branch: "feature\.\.x" has "\.\."/],
    [{ pulumiOrg: "a" }, /DeliveryPipeline: pulumiOrg: "a" is not a Pulumi organization name/],
    [{ deployRoleArn: "admin" }, /DeliveryPipeline: deployRoleArn: "admin" is not an IAM role ARN/],
    [
      { connectionArn: "arn:aws:s3:::x" },
      /DeliveryPipeline: connectionArn: "arn:aws:s3:::x" is not a CodeConnections connection ARN/,
    ],
    [
      { connectionArn: CONNECTION, connectionProviderType: "GitLab" as const },
      /DeliveryPipeline: connectionProviderType: it applies to a connection the component creates/,
    ],
    [
      { stacks: { secondary: "primary" } },
      /DeliveryPipeline: stacks: the primary and the secondary are the same stack/,
    ],
    [{ logRetentionInDays: 42 }, /DeliveryPipeline: logRetentionInDays: 42 is not a retention CloudWatch Logs takes/],
  ])("refuses %j before creating anything", async (args, message) => {
    const e = await failure(args as Partial<DeliveryPipelineArgs>);
    expect(e.message).toMatch(message);
    expect(e.resources.filter((r) => r.custom)).toEqual([]);
  });
});
