import { partitionOf } from "./aws-partition";

/** Outputs of resources from packages other than aws, computed as their providers would. */
type Model = (
  inputs: Record<string, any>,
  ctx: { region: string; hex(n: number): string },
) => { id: string; state: Record<string, unknown>; secret?: string[] };

const PRINTABLE = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
const fakeString = (length: number, hex: string) =>
  Array.from(
    { length },
    (_, i) =>
      PRINTABLE[parseInt(hex.slice((i * 2) % hex.length, ((i * 2) % hex.length) + 2) || "0", 16) % PRINTABLE.length],
  ).join("");

const MODELS: Record<string, Model> = {
  "random:index/randomPassword:RandomPassword": (i, c) => {
    const result = fakeString(Number(i.length ?? 16), c.hex(64));
    return { id: "none", state: { result, bcryptHash: `$2a$10$${c.hex(53)}` }, secret: ["result", "bcryptHash"] };
  },
  "random:index/randomString:RandomString": (i, c) => ({
    id: fakeString(Number(i.length ?? 16), c.hex(64)),
    state: { result: fakeString(Number(i.length ?? 16), c.hex(64)) },
  }),
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
