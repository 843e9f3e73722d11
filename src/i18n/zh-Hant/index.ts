import type { Strings } from '../strings';
import { page } from './page';
import { figure } from './figure';
import { controls } from './controls';
import { panels } from './panels';
import { classroom } from './classroom';
import { link } from './link';

export const zhHant: Strings = {
  ...page,
  ...figure,
  ...controls,
  ...panels,
  ...classroom,
  ...link,
};
