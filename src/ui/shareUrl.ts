import { encode } from '../url/codec';
import type { LabState } from '../url/state';

/** The link that reproduces `state`: this page's address with the state's query. */
export function shareUrl(state: LabState): string {
  const { origin, pathname, hash } = window.location;
  return `${origin}${pathname}?${encode(state)}${hash}`;
}
