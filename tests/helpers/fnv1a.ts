/**
 * FNV-1a 64 over a byte sequence, written from the published definition (Fowler, Noll, Vo;
 * draft-eastlake-fnv): h ← offset basis; for each byte, h ← (h XOR byte) · prime mod 2^64. Kept
 * separate from src/core/fingerprint.ts so the fingerprint test has an independent oracle; it is
 * itself checked against the published test vectors in tests/core/fingerprint.test.ts.
 */
export function fnv1a64(bytes: Iterable<number>): bigint {
  let h = 14695981039346656037n; // 0xcbf29ce484222325
  const prime = 1099511628211n; // 2^40 + 2^8 + 0xb3
  for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b & 0xff)) * prime);
  return h;
}

/** The bytes the fingerprint is defined over: per trace, its length as u32 LE, then each loss as f32 LE. */
export function fingerprintBytes(traces: readonly ArrayLike<number>[]): number[] {
  const out: number[] = [];
  const view = new DataView(new ArrayBuffer(4));
  for (const trace of traces) {
    view.setUint32(0, trace.length, true);
    for (let b = 0; b < 4; b++) out.push(view.getUint8(b));
    for (let i = 0; i < trace.length; i++) {
      view.setFloat32(0, trace[i] ?? NaN, true);
      for (let b = 0; b < 4; b++) out.push(view.getUint8(b));
    }
  }
  return out;
}
