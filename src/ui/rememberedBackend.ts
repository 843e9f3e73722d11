import { SCENE_IDS, type SceneId } from '../core/scenes';
import { BACKEND_ORDER, type BackendName } from '../core/backends';
import { SCENE_KIND } from '../protocol/backends';

const REMEMBER_KEY = 'lr-lab:auto-backend:v1';
/** Per scene, whether the winning backend won fused (src/train/fused); beside the backend's key. */
const REMEMBER_FUSED_KEY = 'lr-lab:auto-fused:v1';

const stored = (key: string): Record<string, unknown> =>
  JSON.parse(window.localStorage.getItem(key) ?? '{}') as Record<string, unknown>;

/**
 * The auto choice a probe made on this device, per scene, so reloads keep the same backend and
 * path: the backend, and whether it trained fused (absent from older records: undefined).
 */
export function remembered(scene: SceneId): { name: BackendName; fused?: boolean } | undefined {
  try {
    const name = BACKEND_ORDER.find((b) => b === stored(REMEMBER_KEY)[scene]);
    if (!name) return undefined;
    const fused = stored(REMEMBER_FUSED_KEY)[scene];
    return typeof fused === 'boolean' ? { name, fused } : { name };
  } catch {
    return undefined;
  }
}

/**
 * Remembers `auto`'s choice for a scene on this device (this browser's storage), and for the other
 * scenes of its kind (src/train/backend.ts SCENE_KIND) that have none yet: one probe speaks for
 * scenes that train alike. A scene's own record is never overwritten by another scene's, so a
 * reload of any link trains on the backend its first figure came from, with the same fingerprint.
 */
export function remember(scene: SceneId, name: BackendName, fused: boolean): void {
  try {
    const all = stored(REMEMBER_KEY);
    const paths = stored(REMEMBER_FUSED_KEY);
    const kin = SCENE_IDS.filter(
      (s) => s === scene || (SCENE_KIND[s] === SCENE_KIND[scene] && all[s] === undefined),
    );
    for (const s of kin) {
      all[s] = name;
      paths[s] = fused;
    }
    window.localStorage.setItem(REMEMBER_KEY, JSON.stringify(all));
    window.localStorage.setItem(REMEMBER_FUSED_KEY, JSON.stringify(paths));
  } catch {
    // Storage can be full or disabled; the probe then simply runs again next time.
  }
}
