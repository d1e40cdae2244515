/**
 * Sets a facade's outputs from the TypeScript component's and returns them for `registerOutputs`.
 * Each value must have the type of the facade's property of that name (the properties are what
 * Pulumi's analyzer reads as the component's outputs, so each facade declares them).
 */
export function adopt<F extends object, K extends keyof F>(facade: F, outputs: Pick<F, K>): Pick<F, K> {
  Object.assign(facade, outputs);
  return outputs;
}
