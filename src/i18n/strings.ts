import type { en } from './en';

/** A group of strings, possibly nested (`link.item.lr`). */
export interface StringTree {
  readonly [key: string]: string | StringTree;
}
/** A resource set: the same groups as English (tests check every key and its variables). */
export type Strings = { readonly [K in keyof typeof en]: StringTree };
/**
 * One area of a translation (`page`, `figure`, …): the groups the English area of that name holds,
 * so a group added in English is missing from every translation's same file until it is written.
 */
export type Area<English> = Pick<Strings, keyof English & keyof Strings>;
