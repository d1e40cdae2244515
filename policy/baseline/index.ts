/** The secure values the pack enforces and the components default to, by group. */
export * from "./analytics";
export * from "./audit";
export * from "./compute";
export * from "./cost";
export * from "./data";
export * from "./delivery";
export * from "./dns";
export * from "./edge";
export * from "./hosts";
export * from "./identity";
export * from "./network";
export * from "./observability";
export * from "./processing";
export * from "./release";
export * from "./storage";
export * from "./tagging";
