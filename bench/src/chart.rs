//! Small charts in SVG, written by hand.
//!
//! [`draw`]: a line chart, panels side by side, each a figure against N,
//! one line per VM. The x axis is logarithmic when the N values span a
//! factor of ten or more (a ring of 100,000 and one of 20,000,000 both stay
//! readable), linear otherwise; every y axis starts at zero.
//!
//! [`ratio_bars`]: one bar a benchmark, girder's time over erl's on a
//! logarithmic axis, each bar drawn from 1 (as fast as erl) to its ratio,
//! with the geometric mean marked.

use crate::report::{figure, short_count, thousands};
use std::fmt::Write;

/// The colour of girder's lines.
pub const GIRDER_COLOR: &str = "#1f6fb4";

/// The colour of erl's lines.
pub const ERL_COLOR: &str = "#c8402a";

/// One line of a panel.
#[derive(Clone, Debug)]
pub struct Series {
    /// Its name in the legend.
    pub name: String,
    /// Its colour, as SVG writes it.
    pub color: &'static str,
    /// Its points (N, figure), in order of N.
    pub points: Vec<(f64, f64)>,
}

/// One chart of the figure: a title and some lines.
#[derive(Clone, Debug)]
pub struct Panel {
    /// What the panel shows, with its unit.
    pub title: String,
    /// Its lines.
    pub series: Vec<Series>,
}

const PANEL_WIDTH: f64 = 440.0;
const PANEL_HEIGHT: f64 = 300.0;
const LEFT: f64 = 70.0;
const TOP: f64 = 75.0;
const GAP: f64 = 90.0;
const BOTTOM: f64 = 70.0;

/// The start of an SVG document of `width` by `height` on white, with
/// `title` centred at its top.
fn svg_start(title: &str, width: f64, height: f64) -> String {
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        svg,
        r#"<text x="{:.0}" y="24" font-size="16" text-anchor="middle">{}</text>"#,
        width / 2.0,
        escape(title)
    );
    svg
}

/// Draws the panels side by side under a title; `x_label` names N.
pub fn draw(title: &str, x_label: &str, panels: &[Panel]) -> String {
    let width = LEFT + panels.len() as f64 * (PANEL_WIDTH + GAP) - GAP + 30.0;
    let height = TOP + PANEL_HEIGHT + BOTTOM;
    let mut svg = svg_start(title, width, height);
    let mut xs: Vec<f64> = panels
        .iter()
        .flat_map(|panel| panel.series.iter().flat_map(|series| series.points.iter().map(|point| point.0)))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let x_axis = Axis::new(&xs);
    for (index, panel) in panels.iter().enumerate() {
        let left = LEFT + index as f64 * (PANEL_WIDTH + GAP);
        draw_panel(&mut svg, panel, left, &x_axis, &xs, x_label);
    }
    svg.push_str("</svg>\n");
    svg
}

/// Where N values go across a panel.
struct Axis {
    logarithmic: bool,
    low: f64,
    high: f64,
}

impl Axis {
    fn new(xs: &[f64]) -> Axis {
        let low = xs.first().copied().unwrap_or(0.0);
        let high = xs.last().copied().unwrap_or(1.0);
        let logarithmic = low > 0.0 && high / low >= 10.0;
        Axis { logarithmic, low, high }
    }

    /// The position of `x` from 0 (left) to 1 (right); a lone value sits
    /// in the middle.
    fn fraction(&self, x: f64) -> f64 {
        let (low, high, x) =
            if self.logarithmic { (self.low.ln(), self.high.ln(), x.ln()) } else { (self.low, self.high, x) };
        if high > low {
            0.05 + 0.9 * (x - low) / (high - low)
        } else {
            0.5
        }
    }
}

fn draw_panel(svg: &mut String, panel: &Panel, left: f64, x_axis: &Axis, xs: &[f64], x_label: &str) {
    let bottom = TOP + PANEL_HEIGHT;
    let y_max = nice_ceiling(
        panel.series.iter().flat_map(|series| series.points.iter().map(|point| point.1)).fold(0.0, f64::max),
    );
    let x_at = |x: f64| left + x_axis.fraction(x) * PANEL_WIDTH;
    let y_at = |y: f64| bottom - y / y_max * PANEL_HEIGHT;
    let _ = writeln!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" font-size="14" text-anchor="middle">{}</text>"#,
        left + PANEL_WIDTH / 2.0,
        TOP - 18.0,
        escape(&panel.title)
    );
    for step in 0..=5 {
        let value = y_max * step as f64 / 5.0;
        let y = y_at(value);
        let _ = writeln!(
            svg,
            r##"<line x1="{left:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#e4e4e4"/>"##,
            left + PANEL_WIDTH
        );
        let _ =
            writeln!(svg, r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#, left - 6.0, y + 4.0, tick(value));
    }
    for &x in xs {
        let px = x_at(x);
        let _ = writeln!(
            svg,
            r##"<line x1="{px:.1}" y1="{bottom:.1}" x2="{px:.1}" y2="{:.1}" stroke="#444"/>"##,
            bottom + 5.0
        );
        let _ = writeln!(
            svg,
            r#"<text x="{px:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            bottom + 20.0,
            short_count(x as u64)
        );
    }
    let _ = writeln!(
        svg,
        r##"<polyline points="{left:.1},{TOP:.1} {left:.1},{bottom:.1} {:.1},{bottom:.1}" fill="none" stroke="#444"/>"##,
        left + PANEL_WIDTH
    );
    let scale = if x_axis.logarithmic { ", log scale" } else { "" };
    let _ = writeln!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}{scale}</text>"#,
        left + PANEL_WIDTH / 2.0,
        bottom + 42.0,
        escape(x_label)
    );
    for (index, series) in panel.series.iter().enumerate() {
        if series.points.is_empty() {
            continue;
        }
        let points: Vec<String> =
            series.points.iter().map(|&(x, y)| format!("{:.1},{:.1}", x_at(x), y_at(y))).collect();
        let _ = writeln!(
            svg,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>"#,
            points.join(" "),
            series.color
        );
        for &(x, y) in &series.points {
            let _ = writeln!(
                svg,
                r#"<circle cx="{:.1}" cy="{:.1}" r="4" fill="{}"><title>{}: {} at N = {}</title></circle>"#,
                x_at(x),
                y_at(y),
                series.color,
                escape(&series.name),
                figure(y),
                thousands(x as u64)
            );
        }
        let legend_y = TOP + 8.0 + index as f64 * 18.0;
        let legend_x = left + 14.0;
        let _ = writeln!(
            svg,
            r#"<rect x="{legend_x:.1}" y="{:.1}" width="14" height="4" fill="{}"/>"#,
            legend_y - 2.0,
            series.color
        );
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
            legend_x + 20.0,
            legend_y + 4.0,
            escape(&series.name)
        );
    }
}

/// One bar of [`ratio_bars`].
#[derive(Clone, Debug)]
pub struct Bar {
    /// The benchmark's name.
    pub label: String,
    /// girder's time over erl's; `None` when there is none.
    pub ratio: Option<f64>,
    /// Written in place of a missing bar: why there is none.
    pub note: String,
}

const BAR_LABELS: f64 = 130.0;
const BAR_WIDTH: f64 = 600.0;
const BAR_ROW: f64 = 28.0;
const BAR_TOP: f64 = 80.0;

/// Draws one horizontal bar a benchmark, from 1 to its ratio on a
/// logarithmic axis, and the geometric mean as a dashed line.
pub fn ratio_bars(title: &str, subtitle: &str, bars: &[Bar], geometric_mean: Option<f64>) -> String {
    let ratios: Vec<f64> = bars.iter().filter_map(|bar| bar.ratio).filter(|ratio| *ratio > 0.0).collect();
    let low = nice_floor(ratios.iter().copied().fold(1.0, f64::min));
    let high = nice_ceiling(ratios.iter().copied().fold(2.0, f64::max));
    let x_at = |ratio: f64| BAR_LABELS + (ratio.ln() - low.ln()) / (high.ln() - low.ln()) * BAR_WIDTH;
    let bottom = BAR_TOP + bars.len() as f64 * BAR_ROW;
    let width = BAR_LABELS + BAR_WIDTH + 90.0;
    let height = bottom + 60.0;
    let mut svg = svg_start(title, width, height);
    let _ = writeln!(
        svg,
        r##"<text x="{:.0}" y="44" text-anchor="middle" fill="#555">{}</text>"##,
        width / 2.0,
        escape(subtitle)
    );
    for tick in log_ticks(low, high) {
        let x = x_at(tick);
        let stroke = if tick == 1.0 { "#444" } else { "#e4e4e4" };
        let _ = writeln!(
            svg,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{bottom:.1}" stroke="{stroke}"/>"#,
            BAR_TOP - 8.0
        );
        let _ = writeln!(
            svg,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            bottom + 18.0,
            tick_text(tick)
        );
    }
    let _ = writeln!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">girder time / erl time, log scale (1: as fast as erl; below 1: faster)</text>"#,
        BAR_LABELS + BAR_WIDTH / 2.0,
        bottom + 40.0
    );
    // The mean first, so that the bars and their labels are drawn over it.
    if let Some(mean) = geometric_mean.filter(|mean| *mean > 0.0) {
        let x = x_at(mean);
        let _ = writeln!(
            svg,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{bottom:.1}" stroke="{ERL_COLOR}" stroke-width="2" stroke-dasharray="6 4"/>"#,
            BAR_TOP - 14.0
        );
        let _ = writeln!(
            svg,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="{ERL_COLOR}">geometric mean {}</text>"#,
            BAR_TOP - 18.0,
            ratio_text(mean)
        );
    }
    let one = x_at(1.0);
    for (index, bar) in bars.iter().enumerate() {
        let top = BAR_TOP + index as f64 * BAR_ROW;
        let middle = top + BAR_ROW / 2.0;
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            BAR_LABELS - 10.0,
            middle + 4.0,
            escape(&bar.label)
        );
        match bar.ratio.filter(|ratio| *ratio > 0.0) {
            Some(ratio) => {
                let x = x_at(ratio);
                let (left, right) = if x < one { (x, one) } else { (one, x) };
                let color = if ratio > 1.0 { GIRDER_COLOR } else { "#3a9a4a" };
                let _ = writeln!(
                    svg,
                    r#"<rect x="{left:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{color}"><title>{}: {}</title></rect>"#,
                    top + 5.0,
                    (right - left).max(1.0),
                    BAR_ROW - 10.0,
                    escape(&bar.label),
                    ratio_text(ratio)
                );
                let (label_x, anchor) = if ratio >= 1.0 { (right + 5.0, "start") } else { (left - 5.0, "end") };
                let _ = writeln!(
                    svg,
                    r#"<text x="{label_x:.1}" y="{:.1}" text-anchor="{anchor}" stroke="white" stroke-width="3" paint-order="stroke">{}</text>"#,
                    middle + 4.0,
                    ratio_text(ratio)
                );
            }
            None => {
                let _ = writeln!(
                    svg,
                    r#"<text x="{:.1}" y="{:.1}" fill="{ERL_COLOR}">{}</text>"#,
                    one + 5.0,
                    middle + 4.0,
                    escape(&bar.note)
                );
            }
        }
    }
    svg.push_str("</svg>\n");
    svg
}

/// A ratio as the chart writes it: `4.2×`, `0.61×`, `12×`.
fn ratio_text(ratio: f64) -> String {
    if ratio >= 10.0 {
        format!("{ratio:.0}×")
    } else if ratio >= 1.0 {
        format!("{ratio:.1}×")
    } else {
        format!("{ratio:.2}×")
    }
}

/// An axis label: `0.5×`, `1×`, `20×`.
fn tick_text(tick: f64) -> String {
    let text = format!("{tick:.2}");
    format!("{}×", text.trim_end_matches('0').trim_end_matches('.'))
}

/// The 1, 2, 5 times powers of ten from `low` to `high`.
fn log_ticks(low: f64, high: f64) -> Vec<f64> {
    let mut ticks = Vec::new();
    let mut power = 10f64.powf(low.log10().floor());
    while power <= high {
        for step in [1.0, 2.0, 5.0] {
            let tick = step * power;
            if tick >= low * 0.999 && tick <= high * 1.001 {
                ticks.push(tick);
            }
        }
        power *= 10.0;
    }
    ticks
}

/// A round number at or below `value`: 1, 2 or 5 times a power of ten.
fn nice_floor(value: f64) -> f64 {
    if !value.is_finite() || value <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [5.0, 2.0, 1.0].iter().map(|step| step * power).find(|&candidate| candidate <= value).unwrap_or(power)
}

/// A y-axis label: whole numbers with thousands separators.
fn tick(value: f64) -> String {
    if value.fract() == 0.0 && value >= 0.0 {
        thousands(value as u64)
    } else {
        figure(value)
    }
}

/// A round number at or above `value`: 1, 2 or 5 times a power of ten.
fn nice_ceiling(value: f64) -> f64 {
    if !value.is_finite() || value <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|step| step * power).find(|&candidate| candidate >= value).unwrap_or(10.0 * power)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_plain() {
        assert_eq!(tick(0.0), "0");
        assert_eq!(tick(5000.0), "5,000");
        assert_eq!(tick(0.4), "0.40");
    }

    #[test]
    fn ceilings_are_round() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(3.0), 5.0);
        assert_eq!(nice_ceiling(515.0), 1000.0);
        assert_eq!(nice_ceiling(2790.0), 5000.0);
        assert_eq!(nice_ceiling(1000.0), 1000.0);
    }

    #[test]
    fn a_chart_has_both_lines_and_every_n() {
        let series = |name: &str, color, points: Vec<(f64, f64)>| Series { name: name.into(), color, points };
        let panel = Panel {
            title: "hop time (ns)".into(),
            series: vec![
                series("girder", GIRDER_COLOR, vec![(1e5, 300.0), (1e6, 320.0), (2e7, 350.0)]),
                series("erl", ERL_COLOR, vec![(1e5, 515.0), (1e6, 495.0)]),
            ],
        };
        let svg = draw("ring <test>", "processes", &[panel.clone(), panel]);
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
        assert!(svg.contains("ring &lt;test&gt;"));
        assert_eq!(svg.matches("<polyline points=\"").count(), 2 * 3);
        for label in ["100k", "1M", "20M", "log scale"] {
            assert!(svg.contains(label), "{label}");
        }
    }

    #[test]
    fn floors_are_round() {
        assert_eq!(nice_floor(1.0), 1.0);
        assert_eq!(nice_floor(0.61), 0.5);
        assert_eq!(nice_floor(0.3), 0.2);
    }

    #[test]
    fn ratio_bars_have_a_bar_a_ratio_and_a_note_a_failure() {
        let bar = |label: &str, ratio, note: &str| Bar { label: label.into(), ratio, note: note.into() };
        let bars = [bar("fib", Some(3.1), ""), bar("maps", Some(0.6), ""), bar("sort", None, "fails on girder")];
        let svg = ratio_bars("cpu <test>", "medians", &bars, Some(1.4));
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
        assert!(svg.contains("cpu &lt;test&gt;"));
        assert_eq!(svg.matches("<rect x=").count(), 2);
        for text in ["3.1×", "0.60×", "fails on girder", "geometric mean 1.4×", ">0.5×<", ">5×<"] {
            assert!(svg.contains(text), "{text}");
        }
    }
}
