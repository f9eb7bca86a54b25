//! Progress on standard error while a benchmark runs, drawn only when
//! standard error is a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// A spinner with a one-line status: which run, which phase, how much
/// memory. Hidden when standard error is not a terminal.
pub struct Progress {
    bar: ProgressBar,
    run: String,
}

impl Progress {
    /// Starts a spinner (hidden unless standard error is a terminal).
    pub fn new() -> Progress {
        let target =
            if std::io::stderr().is_terminal() { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed}] {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress { bar, run: String::new() }
    }

    /// Names the run now going on, e.g. `girder ring N=1000000, run 2 of 3`.
    pub fn start_run(&mut self, run: String) {
        self.run = run;
        self.bar.set_message(self.run.clone());
    }

    /// Shows what the running program is doing and its resident memory.
    pub fn status(&self, phase: &str, resident_bytes: u64) {
        self.bar.set_message(format!(
            "{}: {phase}, {} resident",
            self.run,
            crate::report::bytes(resident_bytes as f64)
        ));
    }

    /// Prints lines on standard output, clearing the spinner meanwhile.
    pub fn print(&self, text: &str) {
        self.bar.suspend(|| println!("{text}"));
    }

    /// Prints a line above the spinner (or plainly, when it is hidden).
    pub fn note(&self, text: &str) {
        if self.bar.is_hidden() {
            eprintln!("{text}");
        } else {
            self.bar.println(text);
        }
    }
}

impl Default for Progress {
    fn default() -> Progress {
        Progress::new()
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
