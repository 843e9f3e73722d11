/**
 * A minimal WebAssembly binary writer: just what the fused MLP step's SIMD module
 * (src/train/fused/mlpSimdModule.ts) needs: one imported memory, functions with i32/f32/v128
 * locals, loops, loads and stores, and the 128-bit SIMD (f32x4) instructions. Opcodes are those of
 * the WebAssembly core specification 2.0 (§5.4, binary format), SIMD ones behind the 0xfd prefix
 * with a LEB128 sub-opcode.
 *
 * Why a generator instead of WAT assembled with wabt: the module is specialised per network shape
 * (every unit's loops unrolled, every parameter's address a constant offset), which in WAT would be
 * a generator anyway, and emitting bytes directly needs no build step, no extra dependency, and
 * gives bytes that load from the bundle under the page's CSP ('wasm-unsafe-eval').
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

/** The SIMD sub-opcodes used (spec 2.0 §5.4.8). */
export const SIMD = {
  load: 0x00,
  store: 0x0b,
  const: 0x0c,
  i8x16Shuffle: 0x0d,
  f32x4Splat: 0x13,
  f64x2Splat: 0x14,
  f32x4ExtractLane: 0x1f,
  and: 0x4e,
  or: 0x50,
  f32x4DemoteF64x2Zero: 0x5e,
  f64x2PromoteLowF32x4: 0x5f,
  f32x4Nearest: 0x6a,
  i32x4Shl: 0xab,
  i32x4Add: 0xae,
  f32x4Abs: 0xe0,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Min: 0xe8,
  f64x2Sqrt: 0xef,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
  i32x4TruncSatF32x4S: 0xf8,
} as const;

/** A function body under construction: instructions appended as bytes. */
export class Body {
  readonly code: number[] = [];
  constructor(
    /** Parameter types (locals 0…). */
    readonly params: ValType[],
    /** Further locals, after the parameters. */
    readonly locals: ValType[] = [],
  ) {}
  /** Adds a local of type t; returns its index. */
  local(t: ValType): number {
    this.locals.push(t);
    return this.params.length + this.locals.length - 1;
  }
  op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  get(i: number): this {
    return this.op(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.op(0x21, ...uleb(i));
  }
  tee(i: number): this {
    return this.op(0x22, ...uleb(i));
  }
  i32(v: number): this {
    return this.op(0x41, ...sleb(v));
  }
  simd(sub: number): this {
    return this.op(0xfd, ...uleb(sub));
  }
  /** v128.load at [addr on stack] + offset (bytes), 16-byte aligned. */
  load(offset: number): this {
    return this.simd(SIMD.load).op(4, ...uleb(offset));
  }
  /** v128.store [addr, value on stack] at + offset. */
  store(offset: number): this {
    return this.simd(SIMD.store).op(4, ...uleb(offset));
  }
  /** f32.load at [addr] + offset, then f32x4.splat. */
  splatLoad(offset: number): this {
    return this.op(0x2a, 2, ...uleb(offset)).simd(SIMD.f32x4Splat);
  }
  /** v128.const of four equal f32 lanes. */
  f32x4(v: number): this {
    const b = new Uint8Array(new Float32Array([v, v, v, v]).buffer);
    return this.simd(SIMD.const).op(...b);
  }
  /** v128.const of two equal f64 lanes. */
  f64x2(v: number): this {
    const b = new Uint8Array(new Float64Array([v, v]).buffer);
    return this.simd(SIMD.const).op(...b);
  }
  /** v128.const of four equal i32 lanes. */
  i32x4(v: number): this {
    const b = new Uint8Array(new Int32Array([v, v, v, v]).buffer);
    return this.simd(SIMD.const).op(...b);
  }
  encode(): number[] {
    // Locals as runs of one type.
    const runs: number[][] = [];
    let i = 0;
    while (i < this.locals.length) {
      let j = i;
      while (j < this.locals.length && this.locals[j] === this.locals[i]) j++;
      runs.push([...uleb(j - i), this.locals[i]!]);
      i = j;
    }
    const body = [...vec(runs), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

/** A module importing env.mem (memory of at least `minPages`) and exporting the functions. */
export function moduleBytes(
  fns: { name: string; body: Body }[],
  minPages = 1,
): Uint8Array<ArrayBuffer> {
  const types = fns.map((f) => [0x60, ...vec(f.body.params.map((t) => [t])), 0]);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([imp(minPages)])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(
      7,
      vec(fns.map((f, i) => [...uleb(utf8(f.name).length), ...utf8(f.name), 0x00, ...uleb(i)])),
    ),
    ...section(10, vec(fns.map((f) => f.body.encode()))),
  ];
  return new Uint8Array(bytes);
}

function imp(minPages: number): number[] {
  const name = (s: string) => [...uleb(utf8(s).length), ...utf8(s)];
  return [...name('env'), ...name('mem'), 0x02, 0x00, ...uleb(minPages)];
}
