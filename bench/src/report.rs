//! Figures for people: medians, thousands separators, sizes and times.

/// The median of some figures (sorting them); the upper middle one for an
/// even count, as [`crate::runner::median`] does; 0 for none.
pub fn median_f64(figures: &mut [f64]) -> f64 {
    figures.sort_unstable_by(f64::total_cmp);
    figures.get(figures.len() / 2).copied().unwrap_or(0.0)
}

/// Runs `one_run` for each of `runs` runs (at least one), saying on the
/// progress line which run of `label` is going, and returns the median of
/// the figures it measures.
pub fn median_over_runs(
    progress: &mut crate::progress::Progress,
    label: &str,
    runs: usize,
    mut one_run: impl FnMut(&mut crate::progress::Progress, usize) -> anyhow::Result<f64>,
) -> anyhow::Result<f64> {
    let runs = runs.max(1);
    let mut figures = Vec::with_capacity(runs);
    for index in 1..=runs {
        progress.start_run(format!("{label}, run {index} of {runs}"));
        figures.push(one_run(progress, index)?);
    }
    Ok(median_f64(&mut figures))
}

/// An integer with thousands separators: `1,000,000`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let groups: Vec<String> =
        digits.as_bytes().rchunks(3).rev().map(|group| String::from_utf8_lossy(group).into_owned()).collect();
    groups.join(",")
}

/// A figure for a table: thousands separators from 100 up, one decimal
/// below, two below 10.
pub fn figure(value: f64) -> String {
    if !value.is_finite() {
        "-".into()
    } else if value >= 100.0 {
        thousands(value.round() as u64)
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

/// A size in decimal units: `761.9 MB`, `15.2 GB`.
pub fn bytes(value: f64) -> String {
    if value >= 1e9 {
        format!("{:.2} GB", value / 1e9)
    } else if value >= 1e6 {
        format!("{:.1} MB", value / 1e6)
    } else if value >= 1e3 {
        format!("{:.1} kB", value / 1e3)
    } else {
        format!("{value:.0} B")
    }
}

/// A duration given in nanoseconds, in seconds or milliseconds.
pub fn duration(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else {
        format!("{:.1} ms", ns / 1e6)
    }
}

/// A count for a label: `100k`, `1M`, `20M`, `1.5M`.
pub fn short_count(value: u64) -> String {
    let (unit, suffix) = if value >= 1_000_000 {
        (1_000_000, "M")
    } else if value >= 1_000 {
        (1_000, "k")
    } else {
        return value.to_string();
    };
    if value / unit * unit == value {
        format!("{}{suffix}", value / unit)
    } else {
        format!("{:.1}{suffix}", value as f64 / unit as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(20_000_000), "20,000,000");
        assert_eq!(figure(2557.4), "2,557");
        assert_eq!(figure(29.06), "29.1");
        assert_eq!(figure(0.553), "0.55");
        assert_eq!(bytes(761_956_000.0), "762.0 MB");
        assert_eq!(bytes(15.2e9), "15.20 GB");
        assert_eq!(duration(2.5e9), "2.50 s");
        assert_eq!(short_count(100_000), "100k");
        assert_eq!(short_count(20_000_000), "20M");
        assert_eq!(short_count(1_500_000), "1.5M");
    }

    #[test]
    fn median_takes_the_middle() {
        assert_eq!(median_f64(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median_f64(&mut [4.0, 1.0, 3.0, 2.0]), 3.0);
        assert_eq!(median_f64(&mut []), 0.0);
    }
}
