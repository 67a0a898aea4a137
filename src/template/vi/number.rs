//! Numbers the Vietnamese way: "." groups thousands, "," is the decimal
//! mark; percentages, fractions, numbers in words, Roman numerals.

/// Group the digits of an integer with "." every three: 4283 -> "4.283".
pub fn group(n: i128) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A number with `decimals` digits after a decimal comma and "." thousands:
/// (4283.5, 1) -> "4.283,5". Rounds half away from zero.
pub fn decimal(x: f64, decimals: u32) -> String {
    let scale = 10f64.powi(decimals as i32);
    let scaled = (x.abs() * scale).round() as i128;
    let int = scaled / scale as i128;
    let frac = scaled % scale as i128;
    let mut out = String::new();
    if x < 0.0 && scaled != 0 {
        out.push('-');
    }
    out.push_str(&group(int));
    if decimals > 0 {
        out.push(',');
        out.push_str(&format!("{:0width$}", frac, width = decimals as usize));
    }
    out
}

/// A percentage: `decimals` after the comma, no space before "%":
/// (31.506, 2) -> "31,51%". With `trim`, a whole value drops its decimals
/// ("100%"), as the reports write it.
pub fn percent(x: f64, decimals: u32, trim: bool) -> String {
    let scale = 10f64.powi(decimals as i32);
    let rounded = (x * scale).round() / scale;
    if trim && rounded.fract() == 0.0 {
        format!("{}%", decimal(rounded, 0))
    } else {
        format!("{}%", decimal(x, decimals))
    }
}

/// num/den as a percentage value (0 when den is 0).
pub fn ratio(num: f64, den: f64) -> f64 {
    if den == 0.0 {
        0.0
    } else {
        num * 100.0 / den
    }
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Read a group of three digits. `full`: the group follows a higher one, so
/// its hundreds are read even when zero ("không trăm linh năm").
fn read_group(n: u64, full: bool, out: &mut Vec<&'static str>) {
    let (h, t, u) = (n / 100, (n / 10) % 10, n % 10);
    if h > 0 || full {
        out.push(DIGITS[h as usize]);
        out.push("trăm");
    }
    match t {
        0 => {
            if u > 0 && (h > 0 || full) {
                out.push("linh");
            }
        }
        1 => out.push("mười"),
        _ => {
            out.push(DIGITS[t as usize]);
            out.push("mươi");
        }
    }
    if u > 0 {
        out.push(match u {
            1 if t >= 2 => "mốt",
            5 if t >= 1 => "lăm",
            _ => DIGITS[u as usize],
        });
    }
}

/// A whole number in words: 21 -> "hai mươi mốt", 105 -> "một trăm linh năm",
/// 1005 -> "một nghìn không trăm linh năm".
pub fn words(n: i128) -> String {
    if n == 0 {
        return "không".into();
    }
    let mut out: Vec<&'static str> = Vec::new();
    if n < 0 {
        out.push("âm");
    }
    let mut v = n.unsigned_abs();
    // Groups of three digits, lowest first.
    let mut groups = Vec::new();
    while v > 0 {
        groups.push((v % 1000) as u64);
        v /= 1000;
    }
    const UNITS: [&str; 7] = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ"];
    let top = groups.len() - 1;
    for i in (0..groups.len()).rev() {
        let g = groups[i];
        if g == 0 && i != top {
            continue;
        }
        read_group(g, i != top, &mut out);
        if i > 0 {
            out.extend(UNITS[i.min(6)].split(' '));
        }
    }
    out.join(" ")
}

/// Roman numerals (1..=3999): 12 -> "XII". `None` outside that range.
pub fn roman(n: i128) -> Option<String> {
    if !(1..=3999).contains(&n) {
        return None;
    }
    const TABLE: [(i128, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_use_dots() {
        assert_eq!(group(4283), "4.283");
        assert_eq!(group(162), "162");
        assert_eq!(group(1_000_000), "1.000.000");
        assert_eq!(group(-4283), "-4.283");
        assert_eq!(group(0), "0");
    }

    #[test]
    fn decimals_use_a_comma() {
        assert_eq!(decimal(4283.5, 1), "4.283,5");
        assert_eq!(decimal(57.0, 0), "57");
        assert_eq!(decimal(0.005, 2), "0,01");
    }

    #[test]
    fn percentages_follow_domain_rules() {
        assert_eq!(percent(ratio(24.0, 74.0), 2, false), "32,43%");
        assert_eq!(percent(ratio(23.0, 73.0), 2, false), "31,51%");
        assert_eq!(percent(ratio(20.0, 74.0), 2, false), "27,03%");
        assert_eq!(percent(ratio(24.0, 73.0), 2, false), "32,88%");
        assert_eq!(percent(ratio(20.0, 74.0), 1, false), "27,0%");
        assert_eq!(percent(100.0, 2, true), "100%");
        assert_eq!(percent(100.0, 2, false), "100,00%");
        assert_eq!(percent(ratio(1.0, 0.0), 2, false), "0,00%");
    }

    #[test]
    fn numbers_in_words() {
        assert_eq!(words(10), "mười");
        assert_eq!(words(15), "mười lăm");
        assert_eq!(words(21), "hai mươi mốt");
        assert_eq!(words(25), "hai mươi lăm");
        assert_eq!(words(11), "mười một");
        assert_eq!(words(20), "hai mươi");
        assert_eq!(words(105), "một trăm linh năm");
        assert_eq!(words(110), "một trăm mười");
        assert_eq!(words(1005), "một nghìn không trăm linh năm");
        assert_eq!(words(1050), "một nghìn không trăm năm mươi");
        assert_eq!(words(2000), "hai nghìn");
        assert_eq!(words(4283), "bốn nghìn hai trăm tám mươi ba");
        assert_eq!(words(1_000_000), "một triệu");
        assert_eq!(words(2_000_000_000), "hai tỷ");
        assert_eq!(words(0), "không");
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(12).unwrap(), "XII");
        assert_eq!(roman(4).unwrap(), "IV");
        assert_eq!(roman(2019).unwrap(), "MMXIX");
        assert!(roman(0).is_none());
    }
}
