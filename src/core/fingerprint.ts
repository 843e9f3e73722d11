const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

/**
 * A short fingerprint of loss traces: FNV-1a 64 (Fowler, Noll, Vo; IETF draft-eastlake-fnv) over
 * each trace's length and the float32 bits of its losses, as 12 hex digits. Equal traces on the same
 * backend give equal fingerprints; any changed bit changes it (up to hash collisions).
 */
export function fingerprint(traces: readonly ArrayLike<number>[]): string {
  const view = new DataView(new ArrayBuffer(4));
  let h = FNV64_OFFSET;
  const eat = (u32: number) => {
    for (let b = 0; b < 4; b++) {
      h ^= BigInt((u32 >>> (8 * b)) & 0xff);
      h = (h * FNV64_PRIME) & MASK64;
    }
  };
  for (const trace of traces) {
    eat(trace.length);
    for (let i = 0; i < trace.length; i++) {
      view.setFloat32(0, trace[i] ?? 0, true);
      eat(view.getUint32(0, true));
    }
  }
  return h.toString(16).padStart(16, '0').slice(0, 12);
}
