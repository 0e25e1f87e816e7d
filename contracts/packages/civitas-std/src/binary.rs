//! Bytes that travel as base64 strings in JSON (the VM's `Binary`).

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Binary(pub Vec<u8>);

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

impl Binary {
    /// Standard base64 with padding.
    pub fn to_base64(&self) -> String {
        let mut out = String::with_capacity((self.0.len() + 2) / 3 * 4);
        for chunk in self.0.chunks(3) {
            let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
            let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// Decodes standard base64 (padding required, no whitespace).
    pub fn from_base64(s: &str) -> Result<Binary, String> {
        let s = s.as_bytes();
        if s.len() % 4 != 0 {
            return Err("base64: length is not a multiple of 4".into());
        }
        let mut out = Vec::with_capacity(s.len() / 4 * 3);
        for (ci, chunk) in s.chunks(4).enumerate() {
            let last = ci == s.len() / 4 - 1;
            let mut n = 0u32;
            let mut pad = 0;
            for (i, &c) in chunk.iter().enumerate() {
                let v = match c {
                    b'A'..=b'Z' => c - b'A',
                    b'a'..=b'z' => c - b'a' + 26,
                    b'0'..=b'9' => c - b'0' + 52,
                    b'+' => 62,
                    b'/' => 63,
                    b'=' if last && i >= 2 => {
                        pad += 1;
                        0
                    }
                    _ => return Err("base64: invalid character".into()),
                };
                if pad > 0 && c != b'=' {
                    return Err("base64: data after padding".into());
                }
                n = n << 6 | v as u32;
            }
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            out.extend_from_slice(&bytes[..3 - pad]);
        }
        Ok(Binary(out))
    }
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_base64())
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Binary, D::Error> {
        let s = String::deserialize(d)?;
        Binary::from_base64(&s).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::Binary;

    #[test]
    fn rfc4648_vectors() {
        for (raw, enc) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")] {
            assert_eq!(Binary(raw.as_bytes().to_vec()).to_base64(), enc);
            assert_eq!(Binary::from_base64(enc).unwrap().0, raw.as_bytes());
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(Binary::from_base64(&Binary(all.clone()).to_base64()).unwrap().0, all);
        for bad in ["Zg=", "Z===", "Zm9v!A==", "Zg==Zg==", "Z=g="] {
            assert!(Binary::from_base64(bad).is_err(), "{}", bad);
        }
    }
}
