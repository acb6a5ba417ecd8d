//! A CronJob's `schedule`, read as the API server reads it: with the standard parser of `robfig/cron` v3 (five
//! fields, month and weekday names, ranges, steps, `*` and `?`, the `@hourly` family and `@every <duration>`). Its
//! error messages are the parser's own, because the API server reports them verbatim
//! (`spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61`).
//!
//! A parsed schedule can also say in words when it runs, for hover.

use super::time_zones;

/// When a schedule runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// Five fields, each a set of values (bit `n` set: value `n` is included).
    Fields(Fields),
    /// `@every <duration>`: at a fixed interval from when the schedule is first read.
    Every { duration: String },
}

/// The five fields of a standard schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields {
    pub minutes: Field,
    pub hours: Field,
    pub days_of_month: Field,
    pub months: Field,
    pub days_of_week: Field,
}

/// One field: the values it includes, and whether it was written as `*` or `?` (the parser's "star bit": when
/// either day field is a star, a day must match both; otherwise it must match either).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub values: u64,
    pub star: bool,
}

impl Field {
    pub fn contains(self, value: u32) -> bool {
        value < 64 && self.values & (1 << value) != 0
    }

    fn values(self, bounds: &Bounds) -> Vec<u32> {
        (bounds.min..=bounds.max).filter(|v| self.contains(*v)).collect()
    }

    fn is_all(self, bounds: &Bounds) -> bool {
        (bounds.min..=bounds.max).all(|v| self.contains(v))
    }
}

/// A field's range and, for months and weekdays, the names the parser accepts (case-insensitively).
struct Bounds {
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const MINUTES: Bounds = Bounds { min: 0, max: 59, names: &[] };
const HOURS: Bounds = Bounds { min: 0, max: 23, names: &[] };
const DAYS_OF_MONTH: Bounds = Bounds { min: 1, max: 31, names: &[] };
/// Named from 1 (`jan`).
const MONTHS: Bounds = Bounds {
    min: 1,
    max: 12,
    names: &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
};
/// Named from 0 (`sun`).
const DAYS_OF_WEEK: Bounds = Bounds { min: 0, max: 6, names: &["sun", "mon", "tue", "wed", "thu", "fri", "sat"] };

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAY_NAMES: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// Parses a schedule as `cron.ParseStandard` does; the error is the parser's message.
pub fn parse(spec: &str) -> Result<Schedule, String> {
    if spec.is_empty() {
        return Err("empty spec string".to_owned());
    }
    let mut spec = spec;
    if let Some(rest) = spec.strip_prefix("TZ=").or_else(|| spec.strip_prefix("CRON_TZ=")) {
        let (zone, schedule) = rest.split_once(' ').unwrap_or((rest, ""));
        if !time_zones::is_known(zone) {
            return Err(format!("provided bad location {zone}: unknown time zone {zone}"));
        }
        spec = schedule.trim();
    }
    if spec.starts_with('@') {
        return descriptor(spec);
    }
    let fields: Vec<&str> = spec.split_whitespace().collect();
    let [minutes, hours, days_of_month, months, days_of_week] = fields.as_slice() else {
        return Err(format!("expected exactly 5 fields, found {}: [{}]", fields.len(), fields.join(" ")));
    };
    Ok(Schedule::Fields(Fields {
        minutes: field(minutes, &MINUTES)?,
        hours: field(hours, &HOURS)?,
        days_of_month: field(days_of_month, &DAYS_OF_MONTH)?,
        months: field(months, &MONTHS)?,
        days_of_week: field(days_of_week, &DAYS_OF_WEEK)?,
    }))
}

fn descriptor(spec: &str) -> Result<Schedule, String> {
    let all = |bounds: &Bounds| Field { values: bits(bounds.min, bounds.max, 1), star: true };
    let one = |value: u32| Field { values: 1 << value, star: false };
    let fields = |hours, days_of_month, months, days_of_week| {
        Ok(Schedule::Fields(Fields { minutes: one(0), hours, days_of_month, months, days_of_week }))
    };
    match spec {
        "@yearly" | "@annually" => fields(one(0), one(1), one(1), all(&DAYS_OF_WEEK)),
        "@monthly" => fields(one(0), one(1), all(&MONTHS), all(&DAYS_OF_WEEK)),
        "@weekly" => fields(one(0), all(&DAYS_OF_MONTH), all(&MONTHS), one(0)),
        "@daily" | "@midnight" => fields(one(0), all(&DAYS_OF_MONTH), all(&MONTHS), all(&DAYS_OF_WEEK)),
        "@hourly" => fields(all(&HOURS), all(&DAYS_OF_MONTH), all(&MONTHS), all(&DAYS_OF_WEEK)),
        _ => match spec.strip_prefix("@every ") {
            Some(duration) => match parse_duration(duration) {
                Ok(()) => Ok(Schedule::Every { duration: duration.to_owned() }),
                Err(error) => Err(format!("failed to parse duration {spec}: {error}")),
            },
            None => Err(format!("unrecognized descriptor: {spec}")),
        },
    }
}

/// A comma-separated list of ranges; empty items are skipped, as the parser's `FieldsFunc` does.
fn field(text: &str, bounds: &Bounds) -> Result<Field, String> {
    let mut field = Field { values: 0, star: false };
    for range in text.split(',').filter(|r| !r.is_empty()) {
        let (values, star) = range_bits(range, bounds)?;
        field.values |= values;
        field.star |= star;
    }
    Ok(field)
}

/// `number | number "-" number [ "/" number ]`, or `*`/`?` with an optional step.
fn range_bits(expr: &str, bounds: &Bounds) -> Result<(u64, bool), String> {
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_and_high: Vec<&str> = range_and_step.first().copied().unwrap_or("").split('-').collect();
    let (start, mut end, mut star) = match low_and_high.as_slice() {
        // The parser looks no further than a leading star: `*-5` is every value.
        ["*" | "?", ..] => (bounds.min, bounds.max, true),
        [single] => {
            let value = int_or_name(single, bounds)?;
            (value, value, false)
        }
        [low, high] => (int_or_name(low, bounds)?, int_or_name(high, bounds)?, false),
        _ => return Err(format!("too many hyphens: {expr}")),
    };
    let step = match range_and_step.as_slice() {
        [_] => 1,
        [_, step] => {
            let step = int(step)?;
            // `N/step` means `N-max/step`.
            if low_and_high.len() == 1 {
                end = bounds.max;
            }
            if step > 1 {
                star = false;
            }
            step
        }
        _ => return Err(format!("too many slashes: {expr}")),
    };
    if start < bounds.min {
        return Err(format!("beginning of range ({start}) below minimum ({}): {expr}", bounds.min));
    }
    if end > bounds.max {
        return Err(format!("end of range ({end}) above maximum ({}): {expr}", bounds.max));
    }
    if start > end {
        return Err(format!("beginning of range ({start}) beyond end of range ({end}): {expr}"));
    }
    if step == 0 {
        return Err(format!("step of range should be a positive number: {expr}"));
    }
    Ok((bits(start, end, step), star))
}

fn bits(start: u32, end: u32, step: u32) -> u64 {
    (start..=end).step_by(step.max(1) as usize).filter(|v| *v < 64).fold(0, |bits, v| bits | (1 << v))
}

fn int_or_name(expr: &str, bounds: &Bounds) -> Result<u32, String> {
    let lower = expr.to_ascii_lowercase();
    match bounds.names.iter().position(|name| *name == lower) {
        Some(index) => Ok(bounds.min + index as u32),
        None => int(expr),
    }
}

/// Go's `strconv.Atoi`, then the parser's check for a negative number. A value too large for any field is kept
/// (saturated) so that the range check reports it.
fn int(expr: &str) -> Result<u32, String> {
    let digits = expr.strip_prefix(['+', '-']).unwrap_or(expr);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "failed to parse int from {expr}: strconv.Atoi: parsing {}: invalid syntax",
            go_quote(expr)
        ));
    }
    let Ok(value) = expr.parse::<i64>() else {
        return Err(format!(
            "failed to parse int from {expr}: strconv.Atoi: parsing {}: value out of range",
            go_quote(expr)
        ));
    };
    if value < 0 {
        return Err(format!("negative number ({value}) not allowed: {expr}"));
    }
    Ok(u32::try_from(value).unwrap_or(u32::MAX))
}

/// Go's `%q` of a string, as its error messages print it.
fn go_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `time.ParseDuration`: an optional sign, then numbers with an optional fraction, each with a unit (`ns`,
/// `us`, `µs`, `μs`, `ms`, `s`, `m`, `h`); `0` alone needs none. The error is Go's.
pub fn parse_duration(text: &str) -> Result<(), String> {
    let invalid = || format!("time: invalid duration {}", go_quote(text));
    let mut rest = text.strip_prefix(['+', '-']).unwrap_or(text);
    if rest == "0" {
        return Ok(());
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    while !rest.is_empty() {
        let whole = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let (number, after) = rest.split_at(whole);
        let (fraction, after) = match after.strip_prefix('.') {
            Some(after) => after.split_at(after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len())),
            None => ("", after),
        };
        if number.is_empty() && fraction.is_empty() {
            return Err(invalid());
        }
        let unit_len = after.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_len);
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration {}", go_quote(text)));
        }
        if !matches!(unit, "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h") {
            return Err(format!("time: unknown unit {} in duration {}", go_quote(unit), go_quote(text)));
        }
        rest = after;
    }
    Ok(())
}

impl Schedule {
    /// When the schedule runs, in words: "at 03:00 every day", "every 15 minutes".
    pub fn describe(&self) -> String {
        match self {
            Schedule::Every { duration } => format!("every {duration}, counted from when the schedule was read"),
            Schedule::Fields(fields) => fields.describe(),
        }
    }
}

impl Fields {
    fn describe(&self) -> String {
        let time = self.time_of_day();
        let days = self.days();
        let months = if self.months.is_all(&MONTHS) {
            String::new()
        } else {
            let names: Vec<String> = self.months.values(&MONTHS).iter().map(|m| month_name(*m).to_owned()).collect();
            format!(", in {}", join(&names, "and"))
        };
        // "Every 15 minutes" already says every day.
        if days == "every day" && time.starts_with("every") {
            format!("{time}{months}")
        } else {
            format!("{time} {days}{months}")
        }
    }

    fn time_of_day(&self) -> String {
        let minutes = self.minutes.values(&MINUTES);
        let hours = self.hours.values(&HOURS);
        match (minutes.as_slice(), hours.as_slice()) {
            ([minute], [hour]) => format!("at {hour:02}:{minute:02}"),
            ([minute], _) if self.hours.is_all(&HOURS) => format!("every hour at minute {minute}"),
            ([minute], hours) => {
                let times: Vec<String> = hours.iter().map(|h| format!("{h:02}:{minute:02}")).collect();
                format!("at {}", join(&times, "and"))
            }
            _ if self.minutes.is_all(&MINUTES) && self.hours.is_all(&HOURS) => "every minute".to_owned(),
            (minutes, _) => {
                let every = step_of(minutes, &MINUTES).map_or_else(
                    || format!("at minutes {}", join(&numbers(minutes), "and")),
                    |step| format!("every {step} minutes"),
                );
                if self.hours.is_all(&HOURS) {
                    every
                } else {
                    format!("{every} past hours {}", join(&numbers(&hours), "and"))
                }
            }
        }
    }

    fn days(&self) -> String {
        let all_days_of_month = self.days_of_month.is_all(&DAYS_OF_MONTH);
        let all_days_of_week = self.days_of_week.is_all(&DAYS_OF_WEEK);
        let days_of_month =
            || format!("on day {} of the month", join(&numbers(&self.days_of_month.values(&DAYS_OF_MONTH)), "and"));
        let days_of_week = || {
            let names: Vec<String> =
                self.days_of_week.values(&DAYS_OF_WEEK).iter().map(|d| day_name(*d).to_owned()).collect();
            format!("on {}", join(&names, "and"))
        };
        match (all_days_of_month, all_days_of_week) {
            (true, true) => "every day".to_owned(),
            (false, true) if self.days_of_week.star => days_of_month(),
            (true, false) if self.days_of_month.star => days_of_week(),
            // Neither day field is a star: a day that matches either runs (cron's rule, and the parser's).
            _ if !self.days_of_month.star && !self.days_of_week.star => {
                format!("{} or {}", days_of_month(), days_of_week())
            }
            _ => format!("{} and {}", days_of_month(), days_of_week()),
        }
    }
}

/// The step of values written as `*/N` from the field's minimum, if they are exactly that.
fn step_of(values: &[u32], bounds: &Bounds) -> Option<u32> {
    let (first, second) = (values.first()?, values.get(1)?);
    let step = second - first;
    let expected: Vec<u32> = (bounds.min..=bounds.max).step_by(step as usize).collect();
    (*first == bounds.min && step > 1 && values == expected.as_slice()).then_some(step)
}

/// The values as numbers, runs of three or more written as a range (`9–17`).
fn numbers(values: &[u32]) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Option<(u32, u32)> = None;
    let flush = |run: (u32, u32), out: &mut Vec<String>| match run.1 - run.0 {
        0 => out.push(run.0.to_string()),
        1 => out.extend([run.0.to_string(), run.1.to_string()]),
        _ => out.push(format!("{}–{}", run.0, run.1)),
    };
    for &value in values {
        run = match run {
            Some((start, end)) if value == end + 1 => Some((start, value)),
            Some(done) => {
                flush(done, &mut out);
                Some((value, value))
            }
            None => Some((value, value)),
        };
    }
    if let Some(done) = run {
        flush(done, &mut out);
    }
    out
}

fn month_name(month: u32) -> &'static str {
    MONTH_NAMES.get(month as usize - 1).copied().unwrap_or("?")
}

fn day_name(day: u32) -> &'static str {
    DAY_NAMES.get(day as usize).copied().unwrap_or("?")
}

/// `a, b and c`.
fn join(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(spec: &str) -> String {
        parse(spec).expect_err(spec)
    }

    fn words(spec: &str) -> String {
        parse(spec).expect(spec).describe()
    }

    #[test]
    fn the_parsers_errors_word_for_word() {
        assert_eq!(error(""), "empty spec string");
        assert_eq!(error("61 * * * *"), "end of range (61) above maximum (59): 61");
        assert_eq!(error("* * 0 * *"), "beginning of range (0) below minimum (1): 0");
        assert_eq!(error("5-3 * * * *"), "beginning of range (5) beyond end of range (3): 5-3");
        assert_eq!(error("*/0 * * * *"), "step of range should be a positive number: */0");
        assert_eq!(error("1-2-3 * * * *"), "too many hyphens: 1-2-3");
        assert_eq!(error("1/2/3 * * * *"), "too many slashes: 1/2/3");
        assert_eq!(error("* * * *"), "expected exactly 5 fields, found 4: [* * * *]");
        assert_eq!(error("0 0 * * * *"), "expected exactly 5 fields, found 6: [0 0 * * * *]");
        assert_eq!(error("x * * * *"), "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax");
        assert_eq!(error("* * * * 7"), "end of range (7) above maximum (6): 7");
        assert_eq!(error("@fortnightly"), "unrecognized descriptor: @fortnightly");
        assert_eq!(
            error("@every 1d"),
            "failed to parse duration @every 1d: time: unknown unit \"d\" in duration \"1d\""
        );
        assert_eq!(error("@every 5"), "failed to parse duration @every 5: time: missing unit in duration \"5\"");
        assert_eq!(error("@every "), "failed to parse duration @every : time: invalid duration \"\"");
        assert_eq!(
            error("99999999999999999999 * * * *"),
            "failed to parse int from 99999999999999999999: strconv.Atoi: parsing \"99999999999999999999\": value out \
             of range"
        );
        assert_eq!(
            error("TZ=Mars/Olympus * * * * *"),
            "provided bad location Mars/Olympus: unknown time zone Mars/Olympus"
        );
    }

    #[test]
    fn what_the_parser_accepts() {
        for spec in [
            "* * * * *",
            "0 3 * * *",
            "*/15 * * * *",
            "0 0 1,15 * *",
            "0 9-17 * * MON-FRI",
            "0 0 * JAN,jul sun",
            "? ? ? ? ?",
            "*-5 * * * *",
            "1,,2 * * * *",
            "+5 * * * *",
            "5/10 * * * *",
            "@hourly",
            "@every 1h30m",
            "@every 1.5h",
            "@every 0",
            "TZ=UTC 0 3 * * *",
            "CRON_TZ=Europe/Paris 0 3 * * *",
            "  0\t3 * * *  ",
        ] {
            assert!(parse(spec).is_ok(), "{spec}: {:?}", parse(spec));
        }
    }

    #[test]
    fn in_words() {
        assert_eq!(words("0 3 * * *"), "at 03:00 every day");
        assert_eq!(words("*/15 * * * *"), "every 15 minutes");
        assert_eq!(words("* * * * *"), "every minute");
        assert_eq!(words("30 * * * *"), "every hour at minute 30");
        assert_eq!(words("*/10 9-17 * * *"), "every 10 minutes past hours 9–17");
        assert_eq!(
            words("0 9,17 * * MON-FRI"),
            "at 09:00 and 17:00 on Monday, Tuesday, Wednesday, Thursday and Friday"
        );
        assert_eq!(words("0 0 1 * *"), "at 00:00 on day 1 of the month");
        assert_eq!(words("0 0 1,2,10-12 * *"), "at 00:00 on day 1, 2 and 10–12 of the month");
        assert_eq!(words("0 0 1 * 1"), "at 00:00 on day 1 of the month or on Monday");
        assert_eq!(words("0 12 * DEC *"), "at 12:00 every day, in December");
        assert_eq!(words("@weekly"), "at 00:00 on Sunday");
        assert_eq!(words("@yearly"), "at 00:00 on day 1 of the month, in January");
        assert_eq!(words("@every 2h"), "every 2h, counted from when the schedule was read");
    }

    #[test]
    fn a_step_wider_than_the_range_keeps_only_its_start() {
        let Schedule::Fields(fields) = parse("*/61 * * * *").unwrap() else { panic!() };
        assert_eq!(fields.minutes.values(&MINUTES), [0]);
    }

    #[test]
    fn go_durations() {
        for ok in ["1h", "1h30m", "300ms", "1.5h", "-2m", ".5s", "1µs", "0"] {
            assert_eq!(parse_duration(ok), Ok(()), "{ok}");
        }
        assert_eq!(parse_duration("h"), Err("time: invalid duration \"h\"".to_owned()));
        assert_eq!(parse_duration("1h3"), Err("time: missing unit in duration \"1h3\"".to_owned()));
    }
}
