//! LEB128 varints: how the article store's sentence records ([`crate::verify::rewrite`]) write
//! small integers. (The index's postings segments pack their blocks' fields at a fixed width
//! each instead: [`crate::index::segments`].)

/// Appends `v`, seven bits a byte, low bits first.
pub(crate) fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*at`, advancing it; `None` when the bytes end first or it runs past
/// 64 bits.
pub(crate) fn get(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

/// [`get`] of a value that must fit 32 bits.
pub(crate) fn get_u32(bytes: &[u8], at: &mut usize) -> Option<u32> {
    get(bytes, at).and_then(|v| u32::try_from(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn varints_round_trip(vs in proptest::collection::vec(proptest::prelude::any::<u64>(), 0..50)) {
            let mut b = Vec::new();
            for &v in &vs {
                put(&mut b, v);
            }
            let mut at = 0;
            for &v in &vs {
                proptest::prop_assert_eq!(get(&b, &mut at), Some(v));
            }
            proptest::prop_assert_eq!(at, b.len());
            proptest::prop_assert_eq!(get(&b, &mut at), None);
        }
    }

    #[test]
    fn values_past_32_bits_are_refused_as_u32() {
        let mut b = Vec::new();
        put(&mut b, 1 << 32);
        assert_eq!(get_u32(&b, &mut 0), None);
        put(&mut b, 7);
        let mut at = b.len() - 1;
        assert_eq!(get_u32(&b, &mut at), Some(7));
    }
}
