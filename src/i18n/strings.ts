import type { en } from './en';

/** A group of strings, possibly nested (`link.item.lr`). */
export interface StringTree {
  readonly [key: string]: string | StringTree;
}
/** A resource set: the same groups as English (tests check every key and its variables). */
export type Strings = { readonly [K in keyof typeof en]: StringTree };
