//! Fonts for the DOCX package: each face subset (allsorts) to the characters a
//! document uses, then obfuscated per ECMA-376 Part 1, 17.8.1.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use allsorts::tag;

use crate::fonts::FontFace;

/// Letters of the Vietnamese alphabet outside ASCII, upper and lower case,
/// every tone (the precomposed forms NFC gives), in Latin-1 and Latin
/// Extended-A/B; the rest of them are U+1EA0-U+1EF9.
const VIETNAMESE_LATIN: &str = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư";

/// Punctuation a Vietnamese document uses beyond ASCII: no-break space,
/// dashes, curly quotes, ellipsis, bullet.
const PUNCTUATION: &str = "\u{a0}–—‘’“”…•";

/// Characters always kept in a subset, whatever the text: printable ASCII
/// (page and footnote numbers, list numbers), the Vietnamese alphabet and
/// its punctuation. A user editing the report in Word can type any
/// Vietnamese word in the embedded font, and the reports of a batch, which
/// differ in their names' letters, share one subset per face (the cache key
/// leaves these out): one subset made per batch instead of one per report.
fn always_kept() -> impl Iterator<Item = char> {
    (' '..='~')
        .chain(VIETNAMESE_LATIN.chars())
        .chain('\u{1EA0}'..='\u{1EF9}')
        .chain(PUNCTUATION.chars())
}

/// Whether [`always_kept`] yields `c`.
fn is_always_kept(c: char) -> bool {
    (' '..='~').contains(&c)
        || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
        || VIETNAMESE_LATIN.contains(c)
        || PUNCTUATION.contains(c)
}

/// A face as stored in the package: its key, whether it is a subset, and the
/// obfuscated bytes already deflated.
pub struct FontPart {
    /// The GUID written as `w:fontKey`.
    pub key: String,
    pub subsetted: bool,
    pub deflated: super::zip::Deflated,
}

/// Deflate level of the embedded font parts: zlib-rs level 2 (deflate_fast)
/// costs ~2 KB per document against level 6 and half the time; level 1
/// (deflate_quick) costs 15 KB (measured on the sample).
pub const FONT_DEFLATE_LEVEL: u32 = 2;

type CacheKey = (usize, usize, usize, Vec<char>);
type Cache = Mutex<HashMap<CacheKey, (Arc<Vec<u8>>, Arc<FontPart>)>>;

/// The face `index` of a family subset to `chars`, obfuscated and deflated.
/// Cached per process by face and character set: a batch of reports from one
/// template mostly shares its character sets, and the same input always gives
/// the same part (the key is derived from the bytes).
pub fn font_part(face: &FontFace, index: usize, chars: &BTreeSet<char>) -> Arc<FontPart> {
    const CAPACITY: usize = 256;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    // The entry holds the face's bytes, so the address in the key stays theirs.
    // Characters always kept are left out of the key: sets that differ only
    // in them give the same subset (most reports differ only in ASCII).
    let key: CacheKey = (
        Arc::as_ptr(&face.data) as usize,
        face.data.len(),
        index,
        chars
            .iter()
            .copied()
            .filter(|c| !is_always_kept(*c))
            .collect(),
    );
    if let Some((_, part)) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return part.clone();
    }
    let embedded = subset_face(face, chars);
    let guid = font_key(index, &embedded.bytes);
    let mut bytes = embedded.bytes;
    obfuscate(&mut bytes, &guid);
    let part = Arc::new(FontPart {
        key: guid,
        subsetted: embedded.subsetted,
        deflated: super::zip::deflate(&bytes, FONT_DEFLATE_LEVEL),
    });
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() >= CAPACITY {
        map.clear();
    }
    map.insert(key, (face.data.clone(), part.clone()));
    part
}

/// A face ready for the package: bytes (subset or whole), and whether it was subset.
pub struct EmbeddedFace {
    pub bytes: Vec<u8>,
    pub subsetted: bool,
}

/// Subset `face` to `chars` (plus [`always_kept`]). Falls back to the whole
/// font when the subsetter refuses it (e.g. a table allsorts cannot rewrite).
pub fn subset_face(face: &FontFace, chars: &BTreeSet<char>) -> EmbeddedFace {
    match try_subset(face, chars) {
        Some(bytes) => EmbeddedFace {
            bytes,
            subsetted: true,
        },
        None => EmbeddedFace {
            bytes: face.data.as_ref().clone(),
            subsetted: false,
        },
    }
}

fn try_subset(face: &FontFace, chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    let parsed = face.parse();
    let mut glyphs: BTreeSet<u16> = BTreeSet::new();
    glyphs.insert(0);
    for c in always_kept().chain(chars.iter().copied()) {
        if let Some(g) = parsed.glyph_index(c) {
            glyphs.insert(g.0);
        }
    }
    let glyphs: Vec<u16> = glyphs.into_iter().collect();
    let scope = ReadScope::new(&face.data);
    let font = match scope.read::<FontData<'_>>().ok()? {
        FontData::OpenType(f) => f,
        _ => return None,
    };
    let provider = font.table_provider(0).ok()?;
    // The minimal OpenType tables plus the hinting programs the glyphs call.
    let mut tables = vec![
        tag::CMAP,
        tag::HEAD,
        tag::HHEA,
        tag::HMTX,
        tag::MAXP,
        tag::NAME,
        tag::OS_2,
        tag::POST,
    ];
    use allsorts::tables::FontTableProvider;
    for t in [tag::CVT, tag::FPGM, tag::PREP] {
        if provider.has_table(t) {
            tables.push(t);
        }
    }
    let bytes = subset(
        &provider,
        &glyphs,
        &SubsetProfile::Custom(tables),
        CmapTarget::Unicode,
    )
    .ok()?;
    // Never hand on something that does not parse as a font.
    ttf_parser::Face::parse(&bytes, 0).ok()?;
    Some(bytes)
}

/// A deterministic GUID for embedded face `index` of a document, derived from
/// the face's bytes (FNV-1a), in the registry form `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`.
pub fn font_key(index: usize, bytes: &[u8]) -> String {
    let mut h1: u64 = 0xcbf2_9ce4_8422_2325 ^ index as u64;
    let mut h2: u64 = 0x8422_2325_cbf2_9ce4 ^ (index as u64).rotate_left(17);
    // FNV-1a over 8-byte words (the tail zero-padded), plus the length.
    let words = bytes.chunks(8).map(|c| {
        let mut w = [0u8; 8];
        w[..c.len()].copy_from_slice(c);
        u64::from_le_bytes(w)
    });
    for w in words.chain([bytes.len() as u64]) {
        h1 = (h1 ^ w).wrapping_mul(0x0000_0100_0000_01b3);
        h2 = (h2 ^ w.rotate_left(29))
            .wrapping_mul(0x0000_0100_0000_01b3)
            .rotate_left(5);
    }
    let hex = format!("{h1:016X}{h2:016X}");
    format!(
        "{{{}-{}-{}-{}-{}}}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The 16-byte key of a GUID string: its 32 hex digits as bytes in string
/// order, reversed (ECMA-376 Part 1, 17.8.1).
pub fn key_bytes(guid: &str) -> Option<[u8; 16]> {
    let digits: Vec<u8> = guid
        .bytes()
        .filter(|b| b.is_ascii_hexdigit())
        .map(|b| (b as char).to_digit(16).unwrap_or(0) as u8)
        .collect();
    if digits.len() != 32 {
        return None;
    }
    let mut key = [0u8; 16];
    for i in 0..16 {
        key[i] = digits[2 * i] << 4 | digits[2 * i + 1];
    }
    key.reverse();
    Some(key)
}

/// XOR the first 32 bytes with the key (its own inverse: obfuscates and de-obfuscates).
pub fn obfuscate(bytes: &mut [u8], guid: &str) {
    let Some(key) = key_bytes(guid) else { return };
    for (i, b) in bytes.iter_mut().take(32).enumerate() {
        *b ^= key[i % 16];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;

    #[test]
    fn the_kept_set_is_the_vietnamese_alphabet_and_agrees_with_its_test() {
        let kept: BTreeSet<char> = always_kept().collect();
        for c in (0u32..0x2200).filter_map(char::from_u32) {
            assert_eq!(kept.contains(&c), is_always_kept(c), "{c:?}");
        }
        // Every letter of the alphabet with every tone, upper and lower case.
        let vowels = "aăâeêioôơuưy";
        let tones = ["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"];
        use unicode_normalization::UnicodeNormalization;
        for v in vowels.chars().chain(vowels.to_uppercase().chars()) {
            for t in tones {
                let letter: String = format!("{v}{t}").nfc().collect();
                let c = letter.chars().next().unwrap();
                assert_eq!(letter.chars().count(), 1, "{letter}");
                assert!(kept.contains(&c), "{letter}");
            }
        }
        assert!(kept.contains(&'Đ') && kept.contains(&'đ') && kept.contains(&'“'));
        // A subset of the built-in face has a glyph for each of them.
        let set = FontSet::builtin();
        let face = set.face(crate::fonts::FaceStyle::Regular);
        let sub = subset_face(face, &BTreeSet::new());
        assert!(sub.subsetted);
        let parsed = ttf_parser::Face::parse(&sub.bytes, 0).unwrap();
        for c in &kept {
            assert!(parsed.glyph_index(*c).is_some(), "{c:?}");
        }
    }

    #[test]
    fn key_is_the_guid_bytes_reversed() {
        let k = key_bytes("{00112233-4455-6677-8899-AABBCCDDEEFF}").unwrap();
        assert_eq!(k[0], 0xFF);
        assert_eq!(k[15], 0x00);
    }

    #[test]
    fn obfuscation_round_trips_and_subset_parses() {
        let set = FontSet::builtin();
        let chars: BTreeSet<char> = "Đảng Cộng sản Việt Nam ữ".chars().collect();
        let face = subset_face(&set.faces[0], &chars);
        assert!(face.subsetted);
        assert!(face.bytes.len() < set.faces[0].data.len() / 4);
        let key = font_key(0, &face.bytes);
        let mut b = face.bytes.clone();
        obfuscate(&mut b, &key);
        assert_ne!(b[..32], face.bytes[..32]);
        obfuscate(&mut b, &key);
        assert_eq!(b, face.bytes);
        let f = ttf_parser::Face::parse(&b, 0).unwrap();
        for c in chars {
            assert!(f.glyph_index(c).is_some(), "{c}");
        }
    }
}
