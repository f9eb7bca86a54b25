//! What the scenarios share: the `--compare` choice, erl's availability,
//! girder/erl ratios and writing JSON.

use crate::progress::Progress;
use crate::runner::Runner;
use anyhow::{bail, Context};
use std::path::{Path, PathBuf};

/// Compiles an Erlang twin when `--compare erl` asks for it and erl is
/// installed; returns the directory holding its `.beam` file, or `None`
/// (having said why on stderr) when erl is not to be run.
pub fn erl_twin(
    runner: &Runner,
    compare: Option<&str>,
    twin: &str,
    progress: &Progress,
) -> anyhow::Result<Option<PathBuf>> {
    match compare {
        None => Ok(None),
        Some("erl") if runner.has_erl() => Ok(Some(runner.compile_erl(twin)?)),
        Some("erl") => {
            progress.note("erl is not installed: no comparison");
            Ok(None)
        }
        Some(other) => bail!("--compare takes `erl`, not `{other}`"),
    }
}

/// The ratio girder/erl of a figure (below 1: girder is faster or smaller).
pub fn ratio(girder: f64, erl: f64) -> f64 {
    if erl > 0.0 {
        girder / erl
    } else {
        f64::NAN
    }
}

/// A figure for JSON: finite numbers as they are, anything else as `null`.
pub fn number(value: f64) -> serde_json::Value {
    serde_json::Number::from_f64(value).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// Writes a JSON document, pretty-printed, with a final newline.
pub fn write_json(path: &Path, value: &serde_json::Value) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Prints a round trip's time on girder and, when erl ran too, on erl with
/// the ratio, and records them in `document`: `round_trip_ns`, and
/// `erl` (with its `flags`, when given) and `ratio`. `labels` are the
/// three lines' labels, padded to one width.
pub fn report_round_trips(
    document: &mut serde_json::Value,
    labels: [&str; 3],
    girder: f64,
    erl: Option<f64>,
    erl_flags: Option<&str>,
) {
    use crate::report::figure;
    println!("  {} {:>9} ns a round trip", labels[0], figure(girder));
    document["round_trip_ns"] = serde_json::json!(number(girder));
    let Some(erl) = erl else { return };
    match erl_flags {
        Some(flags) => println!("  {} {:>9} ns a round trip  ({flags})", labels[1], figure(erl)),
        None => println!("  {} {:>9} ns a round trip", labels[1], figure(erl)),
    }
    println!("  {} {:>9}", labels[2], figure(ratio(girder, erl)));
    document["erl"] = serde_json::json!({ "round_trip_ns": number(erl) });
    if let Some(flags) = erl_flags {
        document["erl"]["flags"] = serde_json::json!(flags);
    }
    document["ratio"] = serde_json::json!({ "round_trip_ns": number(ratio(girder, erl)) });
}

/// Records erl's side in `document`: with `erl` its figures (`erl`, with
/// the `flags` it ran with) and the girder/erl ratios (`ratio`), printing
/// the flags; else, when erl was left out for lack of memory, the reason
/// (`erl_skipped`), printed too.
pub fn record_erl(
    document: &mut serde_json::Value,
    erl: Option<(serde_json::Value, serde_json::Value)>,
    flags: &[String],
    skipped: Option<String>,
) {
    if let Some((mut figures, ratios)) = erl {
        println!("erl flags: {}", flags.join(" "));
        figures["flags"] = serde_json::json!(flags.join(" "));
        document["erl"] = figures;
        document["ratio"] = ratios;
    } else if let Some(reason) = skipped {
        println!("{reason}");
        document["erl"] = serde_json::Value::Null;
        document["erl_skipped"] = serde_json::json!(reason);
    }
}
