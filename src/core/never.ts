/**
 * The default branch of a switch that covers every member of a union: `value` has type `never`
 * there, so adding a member to the union (an optimizer, say) fails to compile until the switch
 * handles it, and a value that slipped past the types at run time throws instead of being ignored.
 * Used where a per-case table would cost a call in a hot loop; elsewhere a
 * `Record<Kind, …>` table does the same job.
 */
export function assertNever(value: never, what: string): never {
  throw new Error(`unknown ${what}: ${String(value)}`);
}
