import { partitionOf } from "./aws-partition";

/** Outputs of resources from packages other than aws, computed as their providers would. */
type Model = (
  inputs: Record<string, any>,
  ctx: { region: string; hex(n: number): string },
) => { id: string; state: Record<string, unknown>; secret?: string[] };

/**
 * The random provider's string generator (terraform-provider-random `internal/random/string.go`):
 * the minimum count of each class first (digits, lower, upper, special: each minimum applies even
 * when its class is turned off), the rest from every enabled class, then shuffled. Special
 * characters are `!@#$%&*()-_=+[]{}<>:?` unless overrideSpecial names others. The randomness comes
 * from the resource's deterministic hex, so a plan is reproducible.
 */
function randomString(
  i: Record<string, any>,
  hex: (n: number) => string,
): { result: string; inputs: Record<string, unknown> } {
  const params = {
    length: Number(i.length),
    upper: i.upper ?? true,
    lower: i.lower ?? true,
    numeric: i.numeric ?? i.number ?? true,
    special: i.special ?? true,
    minUpper: Number(i.minUpper ?? 0),
    minLower: Number(i.minLower ?? 0),
    minNumeric: Number(i.minNumeric ?? 0),
    minSpecial: Number(i.minSpecial ?? 0),
  };
  const mins = params.minUpper + params.minLower + params.minNumeric + params.minSpecial;
  if (!Number.isInteger(params.length) || params.length < 1) {
    throw new Error(`random: length must be at least 1, got ${i.length}`);
  }
  if (params.length < mins) {
    throw new Error(
      `random: length (${params.length}) must be at least min_upper + min_lower + min_numeric + min_special (${mins})`,
    );
  }
  const digits = "0123456789";
  const lower = "abcdefghijklmnopqrstuvwxyz";
  const upper = lower.toUpperCase();
  const special =
    typeof i.overrideSpecial === "string" && i.overrideSpecial !== "" ? i.overrideSpecial : "!@#$%&*()-_=+[]{}<>:?";
  const all =
    (params.upper ? upper : "") +
    (params.lower ? lower : "") +
    (params.numeric ? digits : "") +
    (params.special ? special : "");
  if (all === "" && params.length > mins) throw new Error("random: every character class is turned off");
  const bytes = Buffer.from(hex(2 * (2 * params.length + 8)), "hex");
  let at = 0;
  const pick = (set: string, n: number) =>
    Array.from({ length: n }, () => set[(bytes[at++]! * 256 + bytes[at++]!) % set.length]!);
  const chars = [
    ...pick(digits, params.minNumeric),
    ...pick(lower, params.minLower),
    ...pick(upper, params.minUpper),
    ...pick(special, params.minSpecial),
  ];
  chars.push(...pick(all, params.length - chars.length));
  // Shuffle (Fisher-Yates) with the rest of the bytes.
  const order = Buffer.from(hex(8 * params.length), "hex");
  for (let k = chars.length - 1; k > 0; k--) {
    const j = order.readUInt32BE(4 * k) % (k + 1);
    [chars[k], chars[j]] = [chars[j]!, chars[k]!];
  }
  const { numeric, ...rest } = params;
  return { result: chars.join(""), inputs: { ...rest, numeric, number: numeric } };
}

const MODELS: Record<string, Model> = {
  "random:index/randomPassword:RandomPassword": (i, c) => {
    const { result, inputs } = randomString(i, c.hex);
    const bcryptHash = `$2a$10$${Buffer.from(c.hex(80), "hex")
      .toString("base64")
      .replace(/[^A-Za-z0-9./]/g, ".")
      .slice(0, 53)}`;
    return { id: "none", state: { ...inputs, result, bcryptHash }, secret: ["result", "bcryptHash"] };
  },
  "random:index/randomString:RandomString": (i, c) => {
    const { result, inputs } = randomString(i, c.hex);
    return { id: result, state: { ...inputs, result } };
  },
  "random:index/randomId:RandomId": (i, c) => {
    const hex = c.hex(Number(i.byteLength ?? 8) * 2);
    const buf = Buffer.from(hex, "hex");
    return {
      id: buf.toString("base64url"),
      state: {
        hex,
        b64Url: buf.toString("base64url"),
        b64Std: buf.toString("base64"),
        dec: BigInt(`0x${hex}`).toString(),
      },
    };
  },
  "random:index/randomPet:RandomPet": (_i, c) => ({ id: `offline-${c.hex(4)}`, state: {} }),
  /** awsx.ecr.Image builds and pushes an image: its output is the pushed image's digest URI. */
  "awsx:ecr:Image": (i, c) => {
    const repositoryUrl = String(i.repositoryUrl ?? "");
    if (!repositoryUrl.includes(`.dkr.ecr.${c.region}.${partitionOf(c.region).dnsSuffix}/`)) {
      throw new Error(`awsx:ecr:Image: repositoryUrl "${repositoryUrl}" is not an ECR repository in ${c.region}`);
    }
    return { id: "", state: { imageUri: `${repositoryUrl}@sha256:${c.hex(64)}` } };
  },
};

export function packageModel(type: string): Model | undefined {
  return MODELS[type];
}

export function isModelledRemote(type: string): boolean {
  return type in MODELS && type.startsWith("awsx:");
}
