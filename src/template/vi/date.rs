//! Dates in the two forms of the reports: the place line ("ngày 06 tháng 02
//! năm 2020") and running text ("06/6/2019", "9/2019").

use crate::document::Date;

/// Parse "YYYY-MM-DD" (also "DD/MM/YYYY"), checking the calendar.
pub fn parse(s: &str) -> Option<Date> {
    let s = s.trim();
    let parts: Vec<&str> = if s.contains('-') {
        s.split('-').collect()
    } else {
        let mut p: Vec<&str> = s.split('/').collect();
        p.reverse();
        p
    };
    if parts.len() != 3 {
        return None;
    }
    let year: i32 = parts[0].parse().ok()?;
    let month: u32 = parts[1].parse().ok()?;
    let day: u32 = parts[2].parse().ok()?;
    let date = Date { year, month, day };
    valid(&date).then_some(date)
}

/// Whether the date exists in the Gregorian calendar.
pub fn valid(d: &Date) -> bool {
    let leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    let days = match d.month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d.day)
}

/// Day padded below 10.
fn day(d: &Date) -> String {
    format!("{:02}", d.day)
}

/// Month padded only for 1 and 2 (so "tháng 01" cannot be read as 10-12).
fn month(d: &Date) -> String {
    if d.month <= 2 {
        format!("{:02}", d.month)
    } else {
        d.month.to_string()
    }
}

/// "ngày 06 tháng 02 năm 2020", "ngày 15 tháng 8 năm 2019".
pub fn place_line(d: &Date) -> String {
    format!("ngày {} tháng {} năm {}", day(d), month(d), d.year)
}

/// "06/6/2019", "15/8/2019", "06/02/2020".
pub fn running(d: &Date) -> String {
    format!("{}/{}/{}", day(d), month(d), d.year)
}

/// "9/2019" (as in "tháng 9/2019").
pub fn month_year(d: &Date) -> String {
    format!("{}/{}", month(d), d.year)
}

/// ISO form "2019-08-15".
pub fn iso(d: &Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn place_line_pads_day_and_months_one_and_two() {
        assert_eq!(place_line(&d(2020, 2, 6)), "ngày 06 tháng 02 năm 2020");
        assert_eq!(place_line(&d(2019, 8, 15)), "ngày 15 tháng 8 năm 2019");
        assert_eq!(place_line(&d(2019, 1, 10)), "ngày 10 tháng 01 năm 2019");
        assert_eq!(place_line(&d(2019, 12, 1)), "ngày 01 tháng 12 năm 2019");
    }

    #[test]
    fn running_text_form() {
        assert_eq!(running(&d(2019, 6, 6)), "06/6/2019");
        assert_eq!(running(&d(2016, 5, 15)), "15/5/2016");
        assert_eq!(month_year(&d(2019, 9, 30)), "9/2019");
    }

    #[test]
    fn parses_iso_and_vietnamese_forms() {
        assert_eq!(parse("2019-06-06"), Some(d(2019, 6, 6)));
        assert_eq!(parse("06/6/2019"), Some(d(2019, 6, 6)));
        assert_eq!(parse("2019-02-30"), None);
        assert_eq!(parse("2020-02-29"), Some(d(2020, 2, 29)));
        assert_eq!(parse("hôm qua"), None);
    }
}
