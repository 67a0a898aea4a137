//! The Vietnamese filters and functions, registered on the Tera engine.
//! Each is a thin wrapper over [`super::vi`]; `docs/templates.md` lists them
//! with examples.

use tera::{Error, Kwargs, State, StringInput, Tera, TeraResult, Value};

use super::vi::{cap, collate, date, number};
use crate::data::{dau, KieuDau};
use crate::document::Date;

/// Register every filter and function on `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("number", number_filter);
    tera.register_filter("percent", percent_filter);
    tera.register_filter("fraction", fraction_filter);
    tera.register_filter("date_line", |v: Value, _: Kwargs, _: &State| {
        as_date(&v, "date_line").map(|d| date::place_line(&d))
    });
    tera.register_filter("date_text", |v: Value, _: Kwargs, _: &State| {
        as_date(&v, "date_text").map(|d| date::running(&d))
    });
    tera.register_filter("month_year", |v: Value, _: Kwargs, _: &State| {
        as_date(&v, "month_year").map(|d| date::month_year(&d))
    });
    tera.register_filter("date_iso", |v: Value, _: Kwargs, _: &State| {
        as_date(&v, "date_iso").map(|d| date::iso(&d))
    });
    tera.register_filter("words", |v: Value, _: Kwargs, _: &State| {
        as_int(&v, "words").map(number::words)
    });
    tera.register_filter("roman", |v: Value, _: Kwargs, _: &State| {
        let n = as_int(&v, "roman")?;
        number::roman(n)
            .ok_or_else(|| Error::message(format!("filter `roman`: {n} is outside 1..3999")))
    });
    tera.register_filter(
        "tone",
        |v: StringInput, kw: Kwargs, _: &State| -> TeraResult<Value> {
            let style = kw.get::<&str>("style")?.unwrap_or("old");
            let style = KieuDau::parse(style).ok_or_else(|| {
                Error::message(format!(
                    "filter `tone`: style `{style}` is neither `old` nor `new`"
                ))
            })?;
            Ok(v.inherit_safety(dau::apply(v.as_str(), style)))
        },
    );
    tera.register_filter("sort_vi", sort_vi);
    tera.register_filter("join_vi", join_vi);
    // Already escaped or not Markdown: printed as they are.
    tera.register_filter("md_escape", |v: &str, _: Kwargs, _: &State| {
        Value::safe_string(&md_escape(v))
    });
    tera.register_filter("yaml", |v: Value, _: Kwargs, _: &State| {
        yaml_scalar(&v).map(|s| Value::safe_string(&s))
    });
    // Words of a level (`"huyen" | cap_uy` -> "Huyện ủy").
    tera.register_filter("cap_uy", |v: &str, _: Kwargs, _: &State| {
        as_level(v, "cap_uy").map(|c| c.committee().to_string())
    });
    tera.register_filter("ten_cap", |v: &str, _: Kwargs, _: &State| {
        as_level(v, "ten_cap").map(|c| c.label().to_string())
    });
    tera.register_filter("ky_hieu", |v: &str, _: Kwargs, _: &State| {
        as_level(v, "ky_hieu").map(|c| c.symbol().to_string())
    });
    tera.register_function("ratio", |kw: Kwargs, _: &State| -> TeraResult<Value> {
        let num = kw.must_get::<f64>("num")?;
        let den = kw.must_get::<f64>("den")?;
        let mut m = tera::Map::new();
        m.insert("num".into(), num.into());
        m.insert("den".into(), den.into());
        m.insert("percent".into(), number::ratio(num, den).into());
        Ok(Value::from(m))
    });
}

fn type_err(filter: &str, want: &str, v: &Value) -> Error {
    Error::message(format!(
        "filter `{filter}` expects {want}, got {} `{}`",
        v.name(),
        short(v)
    ))
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

fn as_int(v: &Value, filter: &str) -> TeraResult<i128> {
    if let Some(i) = v.as_i128() {
        return Ok(i);
    }
    match v.as_f64() {
        Some(f) if f.fract() == 0.0 => Ok(f as i128),
        _ => Err(type_err(filter, "a whole number", v)),
    }
}

fn field<'v>(v: &'v Value, names: &[&'v str]) -> Option<&'v Value> {
    if !v.is_map() {
        return None;
    }
    names.iter().find_map(|n| v.get_from_path(n))
}

fn as_f64(v: &Value) -> Option<f64> {
    v.as_f64().or_else(|| v.as_i128().map(|i| i as f64))
}

/// Accepts "YYYY-MM-DD", "DD/MM/YYYY", or a map {nam, thang, ngay} /
/// {year, month, day}.
fn as_date(v: &Value, filter: &str) -> TeraResult<Date> {
    if let Some(s) = v.as_str() {
        return date::parse(s).ok_or_else(|| type_err(filter, "a date YYYY-MM-DD", v));
    }
    let get = |a: &str, b: &str| field(v, &[a, b]).and_then(|x| x.as_i128());
    match (
        get("nam", "year"),
        get("thang", "month"),
        get("ngay", "day"),
    ) {
        (Some(y), Some(m), Some(d)) => {
            let date = Date {
                year: y as i32,
                month: m as u32,
                day: d as u32,
            };
            if date::valid(&date) {
                Ok(date)
            } else {
                Err(type_err(filter, "a calendar date", v))
            }
        }
        _ => Err(type_err(
            filter,
            "a date (YYYY-MM-DD or {nam, thang, ngay})",
            v,
        )),
    }
}

/// `["a", "b", "c"] | join_vi` -> "a, b và c" (empty strings left out).
fn join_vi(v: Value, _: Kwargs, _: &State) -> TeraResult<String> {
    let items = v
        .as_array()
        .ok_or_else(|| type_err("join_vi", "an array", &v))?;
    let parts: Vec<String> = items
        .iter()
        .map(|x| match x.as_str() {
            Some(s) => s.to_string(),
            None => x.to_string(),
        })
        .filter(|s| !s.trim().is_empty())
        .collect();
    Ok(super::prose::join_and(&parts))
}

/// `4283 | number` -> "4.283"; `4283.5 | number(decimals=1)` -> "4.283,5";
/// an unknown figure (none) -> "-", as a table prints it.
fn number_filter(v: Value, kw: Kwargs, _: &State) -> TeraResult<String> {
    if v.is_none() {
        return Ok("-".to_string());
    }
    let decimals = kw.get::<u32>("decimals")?;
    if let (Some(i), None) = (v.as_i128(), decimals) {
        return Ok(number::group(i));
    }
    let x = as_f64(&v).ok_or_else(|| type_err("number", "a number", &v))?;
    match decimals {
        Some(d) if d <= 6 => Ok(number::decimal(x, d)),
        Some(d) => Err(Error::message(format!(
            "filter `number`: decimals={d} is more than 6"
        ))),
        None if x.fract() == 0.0 => Ok(number::decimal(x, 0)),
        None => Ok(number::decimal(x, 2)),
    }
}

/// Numerator and denominator of a ratio-like value: a map {num, den} (also
/// {so, tren}, {tu, mau}), or a number with `of=`.
fn num_den(v: &Value, kw: &Kwargs, filter: &str) -> TeraResult<(f64, f64)> {
    if let Some(of) = kw.get::<f64>("of")? {
        let n = as_f64(v).ok_or_else(|| type_err(filter, "a count with of=", v))?;
        return Ok((n, of));
    }
    let num = field(v, &["num", "so", "tu"]).and_then(as_f64);
    let den = field(v, &["den", "tren", "mau"]).and_then(as_f64);
    match (num, den) {
        (Some(n), Some(d)) => Ok((n, d)),
        _ => Err(type_err(
            filter,
            "a ratio {num, den} or a count with of=N",
            v,
        )),
    }
}

/// `{num: 24, den: 74} | percent` -> "32,43%"; `24 | percent(of=74)`;
/// `27.027 | percent` (already a percentage); `decimals=` (2), `trim=`
/// (true: "100%" not "100,00%").
fn percent_filter(v: Value, kw: Kwargs, _: &State) -> TeraResult<String> {
    let decimals = kw.get::<u32>("decimals")?.unwrap_or(2);
    if decimals > 6 {
        return Err(Error::message(format!(
            "filter `percent`: decimals={decimals} is more than 6"
        )));
    }
    let trim = kw.get::<bool>("trim")?.unwrap_or(true);
    let p = if v.is_map() || kw.get::<f64>("of")?.is_some() {
        let (n, d) = num_den(&v, &kw, "percent")?;
        if d == 0.0 {
            return Err(Error::message(format!(
                "filter `percent`: the denominator of {} is 0",
                short(&v)
            )));
        }
        number::ratio(n, d)
    } else {
        as_f64(&v).ok_or_else(|| type_err("percent", "a ratio {num, den} or a number", &v))?
    };
    Ok(number::percent(p, decimals, trim))
}

/// `{num: 20, den: 74} | fraction` -> "20/74"; `20 | fraction(of=74)`.
fn fraction_filter(v: Value, kw: Kwargs, _: &State) -> TeraResult<String> {
    let (n, d) = num_den(&v, &kw, "fraction")?;
    Ok(format!(
        "{}/{}",
        number::decimal(n, 0),
        number::decimal(d, 0)
    ))
}

/// Sort strings, or maps by `attribute` (default "ten"), in Vietnamese
/// order; maps with an explicit order field (`order`, default "thu_tu")
/// come first, by it.
fn sort_vi(v: Value, kw: Kwargs, _: &State) -> TeraResult<Vec<Value>> {
    let items = v
        .as_array()
        .ok_or_else(|| type_err("sort_vi", "an array", &v))?
        .to_vec();
    let attr = kw.get::<&str>("attribute")?.unwrap_or("ten").to_string();
    let order = kw.get::<&str>("order")?.unwrap_or("thu_tu").to_string();
    let mut keyed = Vec::with_capacity(items.len());
    for it in items {
        let (explicit, name) = if let Some(s) = it.as_str() {
            (None, s.to_string())
        } else if it.is_map() {
            let name = it
                .get_from_path(&attr)
                .and_then(|x| x.as_str())
                .ok_or_else(|| {
                    Error::message(format!(
                        "filter `sort_vi`: an item has no text attribute `{attr}`"
                    ))
                })?
                .to_string();
            (it.get_from_path(&order).and_then(|x| x.as_i128()), name)
        } else {
            return Err(type_err("sort_vi", "strings or maps", &it));
        };
        // Explicit order first (None sorts after Some).
        let rank = explicit.map_or((1, 0), |o| (0, o));
        keyed.push((rank, collate::key(&name), it));
    }
    keyed.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    Ok(keyed.into_iter().map(|(_, _, v)| v).collect())
}

/// A level named by its data id (`thi_xa`) or noun (`thị xã`).
fn as_level(v: &str, filter: &str) -> TeraResult<crate::data::Cap> {
    cap::parse(v).ok_or_else(|| {
        Error::message(format!(
            "filter `{filter}`: `{v}` is not a level (cấp): {}",
            crate::data::Cap::ALL
                .iter()
                .map(|c| cap::id(*c))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

/// The text as markup that prints it exactly: what autoescape does to every
/// printed value (kept for templates written before it).
pub fn md_escape(s: &str) -> String {
    super::escape::escaped(s)
}

/// A value as a YAML scalar for the front matter: strings double-quoted
/// (JSON quoting is valid YAML), numbers and booleans as they are.
fn yaml_scalar(v: &Value) -> TeraResult<String> {
    if let Some(s) = v.as_str() {
        return Ok(serde_json::to_string(s).expect("a string serialises"));
    }
    if v.is_number() || v.is_bool() {
        return Ok(v.to_string());
    }
    if let Some(a) = v.as_array() {
        let parts: TeraResult<Vec<String>> = a.iter().map(yaml_scalar).collect();
        return Ok(format!("[{}]", parts?.join(", ")));
    }
    Err(type_err("yaml", "a string, number or list", v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::Context;

    fn render(src: &str, ctx: &Context) -> Result<String, String> {
        let mut t = Tera::default();
        register(&mut t);
        t.add_raw_template("t.md", src).map_err(|e| e.to_string())?;
        t.render("t.md", ctx).map_err(|e| format!("{e:?}"))
    }

    fn ok(src: &str) -> String {
        let mut ctx = Context::new();
        ctx.insert("r", &serde_json::json!({"num": 24, "den": 74}));
        ctx.insert("s", &serde_json::json!({"so": 20, "tren": 74}));
        ctx.insert(
            "d",
            &serde_json::json!({"nam": 2020, "thang": 2, "ngay": 6}),
        );
        ctx.insert(
            "wards",
            &serde_json::json!([{"ten": "Kỳ Hoa"}, {"ten": "Kỳ Hà"}, {"ten": "Sông Trí", "thu_tu": 1}]),
        );
        render(src, &ctx).unwrap()
    }

    #[test]
    fn number_filters() {
        assert_eq!(ok("{{ 4283 | number }}"), "4.283");
        assert_eq!(ok("{{ 4283.5 | number(decimals=1) }}"), "4.283,5");
        assert_eq!(ok("{{ r | percent }}"), "32,43%");
        assert_eq!(ok("{{ r | percent(decimals=1) }}"), "32,4%");
        assert_eq!(ok("{{ 23 | percent(of=73) }}"), "31,51%");
        assert_eq!(ok("{{ s | percent }} {{ s | fraction }}"), "27,03% 20/74");
        assert_eq!(ok("{{ 162 | percent(of=162) }}"), "100%");
        assert_eq!(ok("{{ 162 | percent(of=162, trim=false) }}"), "100,00%");
        assert_eq!(ok("{{ ratio(num=24, den=73) | percent }}"), "32,88%");
        assert_eq!(
            ok("{{ 21 | words }}; {{ 105 | words }}"),
            "hai mươi mốt; một trăm linh năm"
        );
        assert_eq!(ok("{{ 12 | roman }}"), "XII");
    }

    #[test]
    fn date_filters() {
        assert_eq!(ok("{{ d | date_line }}"), "ngày 06 tháng 02 năm 2020");
        assert_eq!(
            ok("{{ '2019-08-15' | date_line }}"),
            "ngày 15 tháng 8 năm 2019"
        );
        assert_eq!(ok("{{ '2019-06-06' | date_text }}"), "06/6/2019");
        assert_eq!(ok("{{ '2019-09-30' | month_year }}"), "9/2019");
    }

    #[test]
    fn text_filters() {
        assert_eq!(ok("{{ 'Thị ủy hòa' | tone(style='new') }}"), "Thị uỷ hoà");
        assert_eq!(
            ok("{% for w in wards | sort_vi %}{{ w.ten }};{% endfor %}"),
            "Sông Trí;Kỳ Hà;Kỳ Hoa;"
        );
        assert_eq!(
            ok("{{ ['Kỳ Hoa', 'Kỳ Hà'] | sort_vi | join(sep=',') }}"),
            "Kỳ Hà,Kỳ Hoa"
        );
        assert_eq!(
            super::super::escape::restore(&ok("{{ 'a*b_[c]' | md_escape }}")),
            "a*b_[c]"
        );
        assert_eq!(
            ok("{{ 'huyen' | cap_uy }} {{ 'thị xã' | ky_hieu }}"),
            "Huyện ủy Th.U"
        );
        assert_eq!(ok("{{ 'dac_khu' | ten_cap }}"), "đặc khu");
        assert_eq!(
            ok("{{ 'Nơi nhận: \"x\"' | yaml }}"),
            "\"Nơi nhận: \\\"x\\\"\""
        );
    }

    #[test]
    fn bad_arguments_are_errors() {
        let ctx = Context::new();
        assert!(render("{{ 'x' | number }}", &ctx).is_err());
        assert!(render("{{ 5 | percent(of=0) }}", &ctx).is_err());
        assert!(render("{{ 'x' | date_line }}", &ctx).is_err());
        assert!(render("{{ 0 | roman }}", &ctx).is_err());
        assert!(render("{{ 'x' | tone(style='mid') }}", &ctx).is_err());
        assert!(render("{{ 'làng' | cap_uy }}", &ctx).is_err());
        assert!(render("{{ 5 | percent(decimals='a') }}", &ctx).is_err());
    }
}
