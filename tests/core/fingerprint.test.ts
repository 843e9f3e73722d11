import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/core/fingerprint';
import { fingerprintBytes, fnv1a64 } from '../helpers/fnv1a';
import { nextFloat32Up } from '../helpers/numeric';

const bytes = (s: string) => Array.from(new TextEncoder().encode(s));

describe('the FNV-1a oracle of these tests', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    // draft-eastlake-fnv / www.isthe.com/chongo/tech/comp/fnv test vectors.
    expect(fnv1a64(bytes('')).toString(16)).toBe('cbf29ce484222325');
    expect(fnv1a64(bytes('a')).toString(16)).toBe('af63dc4c8601ec8c');
    expect(fnv1a64(bytes('foobar')).toString(16)).toBe('85944171f73967e8');
  });
});

describe('fingerprint', () => {
  const a = Float32Array.from([3.8191881, 2.5, 1.25, 0.6, 0.3]);
  const b = Float32Array.from([3.8191881, 3.1, 2.2, 1.7]);

  it('is 12 lowercase hex digits', () => {
    for (const traces of [[], [a], [a, b], [new Float32Array(0)]]) {
      expect(fingerprint(traces)).toMatch(/^[0-9a-f]{12}$/);
    }
  });

  it('is the first 12 hex digits of FNV-1a 64 over the lengths and float32 bits', () => {
    // Byte layout per trace: length as u32 little-endian, then each loss as f32 little-endian.
    const expected = (traces: ArrayLike<number>[]) =>
      fnv1a64(fingerprintBytes(traces)).toString(16).padStart(16, '0').slice(0, 12);
    expect(fingerprint([])).toBe('cbf29ce48422'); // the offset basis: nothing hashed
    expect(fingerprint([a, b])).toBe(expected([a, b]));
    expect(fingerprint([Float32Array.from([1])])).toBe(expected([[1]]));
  });

  it('gives equal traces equal prints, whatever array type holds them', () => {
    expect(fingerprint([a, b])).toBe(fingerprint([Float32Array.from(a), Float32Array.from(b)]));
    // The float64 copy of float32 values has the same float32 bits.
    expect(fingerprint([a, b])).toBe(fingerprint([Float64Array.from(a), Float64Array.from(b)]));
  });

  it('changes when one loss changes by one float32 ulp', () => {
    for (let i = 0; i < a.length; i++) {
      const c = Float32Array.from(a);
      c[i] = nextFloat32Up(c[i] ?? NaN);
      expect(c[i]).not.toBe(a[i]);
      expect(fingerprint([c, b]), `index ${i}`).not.toBe(fingerprint([a, b]));
    }
  });

  it('depends on the order of the runs', () => {
    expect(fingerprint([a, b])).not.toBe(fingerprint([b, a]));
  });

  it('depends on where one run ends and the next begins', () => {
    // Same concatenated numbers, different split: the lengths are hashed too.
    expect(fingerprint([[1, 2], [3]])).not.toBe(fingerprint([[1], [2, 3]]));
    expect(fingerprint([[]])).not.toBe(fingerprint([]));
  });
});
