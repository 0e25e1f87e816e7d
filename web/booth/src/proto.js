// Minimal protobuf encoding and decoding: only what the booth needs to
// check proofs and signatures byte for byte (no schema, no reflection).

export function concat(...parts) {
  const n = parts.reduce((s, p) => s + p.length, 0)
  const out = new Uint8Array(n)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

export function varint(v) {
  let n = BigInt(v)
  if (n < 0n) n += 1n << 64n // two's complement, as protobuf int64
  const out = []
  while (n >= 0x80n) {
    out.push(Number(n & 0x7fn) | 0x80)
    n >>= 7n
  }
  out.push(Number(n))
  return Uint8Array.from(out)
}

const tag = (field, wire) => varint((field << 3) | wire)

// Field writers: proto3 leaves zero values out unless always is set.
export const pb = {
  varint: (f, v) => (BigInt(v) === 0n ? new Uint8Array() : concat(tag(f, 0), varint(v))),
  bytes: (f, b, always = false) => (b.length === 0 && !always ? new Uint8Array() : concat(tag(f, 2), varint(b.length), b)),
  string: (f, s) => pb.bytes(f, new TextEncoder().encode(s)),
  message: (f, b) => concat(tag(f, 2), varint(b.length), b), // always written (non-nullable)
  sfixed64: (f, v) => {
    if (BigInt(v) === 0n) return new Uint8Array()
    const b = new Uint8Array(8)
    new DataView(b.buffer).setBigInt64(0, BigInt(v), true)
    return concat(tag(f, 1), b)
  },
}

// decode returns a map field number -> list of values: BigInt for varints
// and fixed64, Uint8Array for length-delimited fields. It throws on a
// malformed message.
export function decode(buf) {
  const fields = new Map()
  let o = 0
  const readVarint = () => {
    let v = 0n
    let shift = 0n
    for (;;) {
      if (o >= buf.length) throw new Error('truncated varint')
      const b = buf[o++]
      v |= BigInt(b & 0x7f) << shift
      if (!(b & 0x80)) return v
      shift += 7n
      if (shift > 63n) throw new Error('varint too long')
    }
  }
  while (o < buf.length) {
    const key = readVarint()
    const field = Number(key >> 3n)
    const wire = Number(key & 7n)
    let value
    if (wire === 0) value = readVarint()
    else if (wire === 2) {
      const n = Number(readVarint())
      if (o + n > buf.length) throw new Error('truncated field')
      value = buf.subarray(o, o + n)
      o += n
    } else if (wire === 1) {
      if (o + 8 > buf.length) throw new Error('truncated fixed64')
      value = new DataView(buf.buffer, buf.byteOffset + o, 8).getBigUint64(0, true)
      o += 8
    } else if (wire === 5) {
      if (o + 4 > buf.length) throw new Error('truncated fixed32')
      value = BigInt(new DataView(buf.buffer, buf.byteOffset + o, 4).getUint32(0, true))
      o += 4
    } else throw new Error(`wire type ${wire} not supported`)
    if (field === 0) throw new Error('field number 0')
    if (!fields.has(field)) fields.set(field, [])
    fields.get(field).push(value)
  }
  return fields
}

export const one = (m, f, dflt) => (m.has(f) ? m.get(f)[m.get(f).length - 1] : dflt)
export const all = (m, f) => m.get(f) || []

export const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
export function fromHex(s) {
  if (s.length % 2 || /[^0-9a-fA-F]/.test(s)) throw new Error(`not hex: ${s}`)
  const out = new Uint8Array(s.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(2 * i, 2), 16)
  return out
}
export const fromBase64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0))
export const toBase64 = (b) => btoa(String.fromCharCode(...b))
export const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i])
export function compare(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}

// packed reads a packed repeated varint field (a proto3 repeated uint32).
export function packed(b) {
  const out = []
  let v = 0
  let shift = 0
  for (const x of b) {
    v += (x & 0x7f) * 2 ** shift
    if (x & 0x80) shift += 7
    else {
      out.push(v)
      v = 0
      shift = 0
    }
  }
  return out
}
