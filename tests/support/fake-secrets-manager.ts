/**
 * One secret in Secrets Manager as a rotation sees it: versions with staging labels, the
 * operations a rotation function calls with the service's rules (a version RotateSecret has
 * started has a stage but no value until PutSecretValue; AWSCURRENT moving takes AWSPREVIOUS with
 * it; RemoveFromVersionId must hold the stage), as an SDK client stub (`send`) and as the
 * operations of a loopback JsonServer (`operations`), counting every call.
 */
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";

interface Version {
  value?: string;
  stages: string[];
}

export type FakeCall = { operation: string; input: Record<string, any> };

const awsError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

export class FakeSecretsManager {
  readonly versions = new Map<string, Version>();
  readonly calls: FakeCall[] = [];
  rotationEnabled = true;
  private generated = 0;

  constructor(
    readonly arn: string,
    initial: Record<string, unknown>,
  ) {
    this.versions.set("v-initial", { value: JSON.stringify(initial), stages: ["AWSCURRENT"] });
  }

  /** What RotateSecret does before it invokes createSecret: a version `token` staged AWSPENDING, without a value. */
  startRotation(token: string): void {
    this.takeStage("AWSPENDING");
    this.versions.set(token, { stages: ["AWSPENDING"] });
  }

  /** The JSON of the version holding `stage`. */
  valueAt(stage: string): Record<string, any> | undefined {
    const version = [...this.versions.values()].find((v) => v.stages.includes(stage));
    return version?.value === undefined ? undefined : (JSON.parse(version.value) as Record<string, any>);
  }

  stagesOf(versionId: string): string[] | undefined {
    return this.versions.get(versionId)?.stages;
  }

  callsOf(operation: string): FakeCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  /** The SDK client stub. */
  readonly client: Pick<SecretsManagerClient, "send"> = {
    send: ((command: { input: Record<string, any> }) => {
      const operation =
        command instanceof DescribeSecretCommand
          ? "DescribeSecret"
          : command instanceof GetSecretValueCommand
            ? "GetSecretValue"
            : command instanceof GetRandomPasswordCommand
              ? "GetRandomPassword"
              : command instanceof PutSecretValueCommand
                ? "PutSecretValue"
                : command instanceof UpdateSecretVersionStageCommand
                  ? "UpdateSecretVersionStage"
                  : "unknown";
      return this.operations[operation]
        ? this.operations[operation](command.input)
        : Promise.reject(new Error(`the fake has no operation for ${command.constructor.name}`));
    }) as Pick<SecretsManagerClient, "send">["send"],
  };

  /** The same operations, by name (for a JsonServer). */
  readonly operations: Record<string, (input: Record<string, any>) => Promise<any>> = {
    DescribeSecret: async (input) => {
      this.record("DescribeSecret", input);
      this.checkId(input.SecretId);
      return {
        ARN: this.arn,
        RotationEnabled: this.rotationEnabled,
        VersionIdsToStages: Object.fromEntries([...this.versions].map(([id, v]) => [id, [...v.stages]])),
      };
    },
    GetSecretValue: async (input) => {
      this.record("GetSecretValue", input);
      this.checkId(input.SecretId);
      const stage = input.VersionStage ?? (input.VersionId ? undefined : "AWSCURRENT");
      const entry = [...this.versions].find(
        ([id, v]) => (!input.VersionId || id === input.VersionId) && (!stage || v.stages.includes(stage)),
      );
      if (!entry || entry[1].value === undefined)
        throw awsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret value.");
      return { ARN: this.arn, VersionId: entry[0], VersionStages: entry[1].stages, SecretString: entry[1].value };
    },
    GetRandomPassword: async (input) => {
      this.record("GetRandomPassword", input);
      const length = Number(input.PasswordLength ?? 32);
      const base = `Rotated${++this.generated}x`;
      return { RandomPassword: (base + "a1B2".repeat(length)).slice(0, length) };
    },
    PutSecretValue: async (input) => {
      this.record("PutSecretValue", input);
      this.checkId(input.SecretId);
      const token = String(input.ClientRequestToken);
      const existing = this.versions.get(token);
      if (existing?.value !== undefined) {
        if (existing.value === input.SecretString) return { ARN: this.arn, VersionId: token };
        throw awsError("ResourceExistsException", `a version ${token} already exists with another value`);
      }
      const stages: string[] = input.VersionStages ?? ["AWSCURRENT"];
      for (const stage of stages) this.takeStage(stage, token);
      this.versions.set(token, { value: String(input.SecretString), stages: [...stages] });
      return { ARN: this.arn, VersionId: token, VersionStages: stages };
    },
    UpdateSecretVersionStage: async (input) => {
      this.record("UpdateSecretVersionStage", input);
      this.checkId(input.SecretId);
      const stage = String(input.VersionStage);
      const holder = [...this.versions].find(([, v]) => v.stages.includes(stage))?.[0];
      if (holder && holder !== input.MoveToVersionId && holder !== input.RemoveFromVersionId)
        throw awsError(
          "InvalidParameterException",
          `the staging label ${stage} is attached to version ${holder}, not to RemoveFromVersionId ${input.RemoveFromVersionId}`,
        );
      const target = this.versions.get(String(input.MoveToVersionId));
      if (!target) throw awsError("ResourceNotFoundException", `no version ${input.MoveToVersionId}`);
      if (stage === "AWSCURRENT" && holder && holder !== input.MoveToVersionId) {
        this.takeStage("AWSPREVIOUS");
        this.versions.get(holder)!.stages.push("AWSPREVIOUS");
      }
      this.takeStage(stage);
      target.stages.push(stage);
      return { ARN: this.arn };
    },
  };

  private record(operation: string, input: Record<string, any>) {
    this.calls.push({ operation, input: { ...input } });
  }

  private checkId(id: unknown) {
    if (id !== this.arn) throw awsError("ResourceNotFoundException", `Secrets Manager can't find secret ${String(id)}`);
  }

  /** Removes a stage from every version (but `except`); a version left without stages is dropped, as the service does. */
  private takeStage(stage: string, except?: string) {
    for (const [id, v] of this.versions) {
      if (id === except) continue;
      v.stages = v.stages.filter((s) => s !== stage);
      if (v.stages.length === 0 && v.value !== undefined) this.versions.delete(id);
    }
  }
}
