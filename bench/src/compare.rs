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
