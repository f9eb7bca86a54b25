//! `girder shell`, tested the two ways a person uses it:
//!
//! - **Scripted**: each session of `examples/shell/` (the process
//!   tutorials' sessions, in Erlang, and the shell's own features) is piped
//!   into `erl` and into `girder shell`, and the two transcripts must be
//!   the same, pids, references, funs and report times aside; each `.iex`
//!   session likewise into `iex` and `girder iex`.
//! - **Interactive**: `girder shell` runs in a real terminal (tmux), keys
//!   are sent to it, and the screen is read: the prompt, an evaluation,
//!   history, the Ctrl-G and Ctrl-C menus, `q()`.
//!
//! The shell is Erlang/OTP's, so every test here needs it; each says so
//! and skips when `erl` is missing (and fails when `GIRDER_REQUIRE_ERL=1`,
//! as CI sets it). The terminal test needs tmux likewise.

// This file uses only some of the shared module's helpers.
#[allow(dead_code)]
mod common;

use common::{erlang_available, erlang_required, erlc, files_with_extension, normalise, run_with_timeout};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Whether Erlang/OTP is here; when it is not, says so (or fails, when it
/// is required).
fn have_erlang(what: &str) -> bool {
    if erlang_available() {
        return true;
    }
    assert!(!erlang_required(), "erl or erlc is not on PATH, and GIRDER_REQUIRE_ERL=1 asks for every Erlang test");
    eprintln!("note: erl or erlc is not on PATH; {what} skipped (the shell is Erlang/OTP's; CI installs it)");
    false
}

/// A directory of its own for one test, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(label: &str) -> Scratch {
        let path = std::env::temp_dir().join(format!("girder-shell-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Scratch(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The modules the sessions use, the tutorial programs of
/// `examples/tutorial/` (`messenger`, `messenger_back`, `kv`), compiled
/// into `out`.
fn compile_examples(out: &Path) {
    erlc(out, &files_with_extension(&root().join("examples/tutorial"), "erl")).unwrap();
}

/// What `command` prints on standard output (and standard error, which
/// the shells do not use but a failure might) with `input` piped in.
fn transcript(mut command: Command, input: &Path) -> String {
    command.stdin(Stdio::from(std::fs::File::open(input).unwrap()));
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    let child = command.spawn().unwrap();
    let output = wait_with_timeout(child);
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn wait_with_timeout(mut child: std::process::Child) -> std::process::Output {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > common::TIMEOUT {
            let _ = child.kill();
            panic!("timed out after {} s", common::TIMEOUT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

/// A report printed while the shell waits shows right after the prompt
/// (`14> =ERROR REPORT==== ...`): it goes on a line of its own, where
/// [`normalise`] finds its time.
fn reports_on_their_own_lines(text: &str) -> String {
    text.replace("> =", ">\n=")
}

#[test]
fn scripted_sessions_print_what_erl_prints() {
    if !have_erlang("the scripted shell sessions") {
        return;
    }
    let scratch = Scratch::new("scripted");
    compile_examples(&scratch.0);
    let sessions = files_with_extension(&root().join("examples/shell"), "txt");
    assert!(sessions.len() >= 4, "the sessions of examples/shell are missing");
    let mut failures = Vec::new();
    for session in &sessions {
        let mut erl = Command::new("erl");
        erl.arg("-pa").arg(&scratch.0).current_dir(&scratch.0);
        let expected = normalise(&reports_on_their_own_lines(&transcript(erl, session)));
        let mut girder = Command::new(env!("CARGO_BIN_EXE_girder"));
        girder.arg("shell").arg("--pa").arg(&scratch.0).current_dir(&scratch.0);
        let actual = normalise(&reports_on_their_own_lines(&transcript(girder, session)));
        if actual != expected {
            failures.push(format!(
                "{}:\n--- erl\n{expected}\n--- girder shell\n{actual}",
                session.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Whether `iex` (and `elixir`) are here.
fn have_elixir(what: &str) -> bool {
    let on_path = |program: &str| {
        std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|directory| directory.join(program).is_file()))
    };
    if erlang_available() && on_path("iex") && on_path("elixir") {
        return true;
    }
    assert!(!erlang_required(), "iex is not on PATH, and GIRDER_REQUIRE_ERL=1 asks for every Elixir test");
    eprintln!("note: iex is not on PATH; {what} skipped (CI installs elixir)");
    false
}

/// IEx from Elixir's own `.beam` files: each `.iex` session of
/// `examples/shell/` (Elixir's guide "Processes": spawn, send and receive,
/// `flush`, an `Agent`, a `Task`) piped into `iex` and into `girder iex`
/// prints the same, pids aside.
#[test]
fn iex_sessions_print_what_iex_prints() {
    if !have_elixir("the IEx sessions") {
        return;
    }
    let sessions = files_with_extension(&root().join("examples/shell"), "iex");
    assert!(!sessions.is_empty(), "the IEx sessions of examples/shell are missing");
    for session in &sessions {
        let expected = normalise(&transcript(Command::new("iex"), session));
        let mut girder = Command::new(env!("CARGO_BIN_EXE_girder"));
        girder.arg("iex");
        let actual = normalise(&transcript(girder, session));
        assert_eq!(actual, expected, "{}", session.display());
    }
}

/// A program reads its standard input through the same I/O server as the
/// shell: lines, characters, terms and formatted fields, as on erl.
#[test]
fn a_program_reads_its_standard_input_as_on_erl() {
    if !have_erlang("reading standard input") {
        return;
    }
    let scratch = Scratch::new("stdin");
    let source = root().join("spec/conformance/io/input_eof.erl");
    erlc(&scratch.0, &[source]).unwrap();
    let input = scratch.0.join("input.txt");
    std::fs::write(&input, "hello\n{a, \"b\"}.\n42\nX = 1.\nfoo(\n).\n-module(m).\nfirst line\nlast").unwrap();
    let mut erl = Command::new("erl");
    erl.arg("-noshell").arg("-pa").arg(&scratch.0).args(["-eval", "input_eof:main([]), init:stop()."]);
    let expected = transcript(erl, &input);
    let mut girder = Command::new(env!("CARGO_BIN_EXE_girder"));
    girder.arg("run").arg(scratch.0.join("input_eof.beam"));
    assert_eq!(transcript(girder, &input), expected);
}

#[test]
fn the_shell_says_when_erlang_otp_is_missing() {
    let mut girder = Command::new(env!("CARGO_BIN_EXE_girder"));
    girder.args(["shell", "--otp-root", "/nonexistent/otp"]);
    let output = run_with_timeout(girder).unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", output.stderr);
    assert!(output.stderr.contains("--otp-root"), "{}", output.stderr);
}

// ---- in a real terminal ----

/// A tmux server of the test's own, on its own socket, killed at the end.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(label: &str, command: &str) -> Option<Tmux> {
        let socket = format!("girder-shell-{label}-{}", std::process::id());
        let started = Command::new("tmux")
            .args(["-L", &socket, "new-session", "-d", "-x", "100", "-y", "40", command])
            .status()
            .ok()?;
        started.success().then_some(Tmux { socket })
    }

    fn keys(&self, keys: &[&str]) {
        let status =
            Command::new("tmux").args(["-L", &self.socket, "send-keys", "-t", "0"]).args(keys).status().unwrap();
        assert!(status.success());
    }

    fn screen(&self) -> String {
        let output = Command::new("tmux").args(["-L", &self.socket, "capture-pane", "-p", "-t", "0"]).output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits until the screen shows `text`, and returns the screen.
    fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |screen| screen.contains(text))
    }

    /// Waits for the shell's prompt `N>` on a line of its own (the pane
    /// is captured without trailing blanks), and returns the screen.
    fn wait_for_prompt(&self, number: usize) -> String {
        let prompt = format!("{number}>");
        self.wait_until(&prompt, |screen| screen.lines().any(|line| line.trim_end() == prompt))
    }

    fn wait_until(&self, what: &str, shown: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if shown(&screen) {
                return screen;
            }
            assert!(started.elapsed() < common::TIMEOUT, "the screen never showed {what:?}:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).status();
    }
}

/// Whether tmux is here; when it is not, says so (or fails, when every
/// shell test is required).
fn have_tmux() -> bool {
    if Command::new("tmux").arg("-V").output().is_ok() {
        return true;
    }
    assert!(!erlang_required(), "tmux is not installed, and GIRDER_REQUIRE_ERL=1 asks for every shell test");
    eprintln!("note: tmux is not installed; the shell in a terminal was not tested (CI installs it)");
    false
}

/// `girder shell`, then how it ended and whether the terminal echoes again
/// (girder puts back the settings it found, though q() ends the run while
/// the editor holds the terminal in raw mode).
fn terminal_command() -> String {
    format!(
        "{} shell; echo girder-ended-with-$?; \
         stty -a | tr ' ;' '\\n\\n' | grep -qx -- -echo && echo terminal-raw || echo terminal-cooked; sleep 30",
        env!("CARGO_BIN_EXE_girder")
    )
}

#[test]
fn the_shell_in_a_terminal_edits_recalls_and_answers_its_menus() {
    if !have_erlang("the shell in a terminal") {
        return;
    }
    if !have_tmux() {
        return;
    }
    let tmux = Tmux::start("menus", &terminal_command()).expect("tmux starts");
    let screen = tmux.wait_for_prompt(1);
    assert!(screen.contains("Eshell V"), "{screen}");

    // An evaluation, and variables bound across lines.
    tmux.keys(&["X = 6 * 7.", "Enter"]);
    tmux.wait_for_prompt(2);
    tmux.keys(&["X + 1.", "Enter"]);
    assert!(tmux.wait_for_prompt(3).contains("\n43\n"));

    // History: the up arrow brings `X + 1.` back.
    tmux.keys(&["Up", "Enter"]);
    let screen = tmux.wait_for_prompt(4);
    assert_eq!(screen.matches("\n43\n").count(), 2, "{screen}");

    // A message to the shell, and flush().
    tmux.keys(&["self() ! hello, flush().", "Enter"]);
    assert!(tmux.wait_for_prompt(5).contains("Shell got hello"));

    // An error: the shell prints it as erl does and lives on.
    tmux.keys(&["1 / 0.", "Enter"]);
    let screen = tmux.wait_for_prompt(6);
    assert!(
        screen.contains("** exception error: an error occurred when evaluating an arithmetic expression"),
        "{screen}"
    );

    // Ctrl-G: the user switch menu, its help, and back to the shell.
    tmux.keys(&["C-g"]);
    tmux.wait_for(" -->");
    tmux.keys(&["h", "Enter"]);
    tmux.wait_for("quit erlang");
    tmux.keys(&["c", "Enter"]);
    tmux.keys(&["X.", "Enter"]);
    assert!(tmux.wait_for_prompt(7).contains("\n42\n"));

    // Ctrl-C: the BREAK menu, and (c)ontinue.
    tmux.keys(&["C-c"]);
    tmux.wait_for("BREAK: (a)bort");
    tmux.keys(&["c", "Enter"]);
    tmux.keys(&["X - 2.", "Enter"]);
    assert!(tmux.wait_for_prompt(8).contains("\n40\n"));

    // Ctrl-C while an expression runs: the BREAK menu too, and the
    // expression goes on after (c)ontinue.
    tmux.keys(&["timer:sleep(1500), slept.", "Enter"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys(&["C-c"]);
    let screen = tmux.wait_until("a second BREAK menu", |screen| screen.matches("BREAK: (a)bort").count() == 2);
    assert!(!screen.contains("\nslept\n"), "{screen}");
    tmux.keys(&["c", "Enter"]);
    assert!(tmux.wait_for_prompt(9).contains("\nslept\n"));

    // An expression that waits for ever is no deadlock at a terminal.
    tmux.keys(&["receive never_sent -> ok end.", "Enter"]);
    std::thread::sleep(Duration::from_millis(500));
    assert!(!tmux.screen().contains("girder-ended"), "{}", tmux.screen());
    tmux.keys(&["C-c"]);
    tmux.wait_until("a third BREAK menu", |screen| screen.matches("BREAK: (a)bort").count() == 3);
    tmux.keys(&["a", "Enter"]);
    tmux.wait_for("girder-ended-with-0");
}

/// `q()` ends girder, with status 0, and puts the terminal back as it was.
#[test]
fn q_in_a_terminal_ends_girder_and_puts_the_terminal_back() {
    if !have_erlang("q() in a terminal") || !have_tmux() {
        return;
    }
    let tmux = Tmux::start("q", &terminal_command()).expect("tmux starts");
    tmux.wait_for_prompt(1);
    // q() ends girder, with status 0, and the terminal is as it was.
    tmux.keys(&["q().", "Enter"]);
    tmux.wait_for("girder-ended-with-0");
    assert!(tmux.wait_for("terminal-").contains("terminal-cooked"), "{}", tmux.screen());
}
