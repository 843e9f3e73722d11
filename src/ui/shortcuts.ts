/** What a key press asks the lab to do. */
export type ShortcutAction =
  | { readonly kind: 'toggle-play' }
  | { readonly kind: 'step'; readonly by: 1 | -1 }
  | { readonly kind: 'preset'; readonly index: number }
  | { readonly kind: 'help' };

/**
 * What has the focus, as far as keys go: a text field, list or editable region (it uses every key),
 * a slider (it uses the arrows), a button-like control (it uses space), or anything else.
 */
export type FocusKind = 'text' | 'slider' | 'button' | 'other';

export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  /** A control already used the key (the start point moved by an arrow, say). */
  readonly defaultPrevented: boolean;
}

/** The keys the lab answers to, in the order the shortcuts dialog lists them. */
export const SHORTCUT_KEYS = ['space', 'left', 'right', 'digits', 'help'] as const;
export type ShortcutKey = (typeof SHORTCUT_KEYS)[number];

/**
 * The action for a key press, or undefined when the key belongs to the focused control or to the
 * browser: nothing while typing in a field, no arrows on a slider, no space on a button, nothing
 * with Ctrl, Cmd or Alt (browser and screen-reader commands), nothing a control already handled.
 */
export function shortcutFor(
  press: KeyPress,
  focus: FocusKind,
  presets: number,
): ShortcutAction | undefined {
  if (press.ctrlKey || press.metaKey || press.altKey || press.defaultPrevented) return undefined;
  if (focus === 'text') return undefined;
  const { key } = press;
  if (key === '?') return { kind: 'help' };
  if (key === ' ' || key === 'Spacebar') {
    return focus === 'button' ? undefined : { kind: 'toggle-play' };
  }
  if (key === 'ArrowLeft' || key === 'ArrowRight') {
    return focus === 'slider' ? undefined : { kind: 'step', by: key === 'ArrowLeft' ? -1 : 1 };
  }
  if (/^[1-9]$/.test(key)) {
    const index = Number(key) - 1;
    return index < presets ? { kind: 'preset', index } : undefined;
  }
  return undefined;
}

/** Input types that take typed text or their own keys (everything but these few is text). */
const NON_TEXT_INPUTS = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'range']);
const SLIDER_ROLES = new Set(['slider', 'spinbutton', 'listbox', 'menu', 'tablist', 'radiogroup']);

/** How the element with the focus uses keys (see FocusKind). */
export function focusKind(el: Element | null): FocusKind {
  if (!el || el === document.body) return 'other';
  if (el instanceof HTMLElement && el.isContentEditable) return 'text';
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return 'text';
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    if (type === 'range') return 'slider';
    return NON_TEXT_INPUTS.has(type) ? 'button' : 'text';
  }
  const role = el.getAttribute('role') ?? '';
  if (SLIDER_ROLES.has(role)) return 'slider';
  if (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || role === 'button') return 'button';
  return 'other';
}
