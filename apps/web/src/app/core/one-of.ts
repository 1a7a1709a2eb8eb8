/**
 * `value` as one of the contract's `values`, or undefined: narrows what a form control holds
 * (always a string) to the union the API takes, without a cast.
 */
export function oneOf<T extends string>(values: readonly T[], value: string): T | undefined {
  return values.find((known) => known === value);
}
