//! Where the node's input comes from: the line readers girder gives the VM
//! (`girder_vm::input`).
//!
//! - [`PipeReader`] reads standard input as it comes, a line at a time. It
//!   shows a request's prompt once, before its first line, as erl does
//!   when its input is not a terminal, so a script piped into
//!   `girder shell` prints what it prints piped into `erl`.
//! - [`EditorReader`] is the shell's line editor on a terminal: editing
//!   keys, the session's history (up and down arrows, Ctrl-R), and erl's
//!   two menus: Ctrl-C opens the BREAK menu (at the prompt, and while an
//!   expression runs) and Ctrl-G the user switch command menu, each with
//!   what of erl's applies to girder.

use girder_vm::input::{LineReader, ReadOutcome};
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{
    Cmd, ConditionalEventHandler, Editor, Event, EventContext, EventHandler, ExternalPrinter, KeyEvent, RepeatCount,
};
use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Standard input read as it comes (a pipe, a file, or a terminal when no
/// editor is wanted).
pub struct PipeReader;

impl LineReader for PipeReader {
    fn read_line(&mut self, prompt: &str, continued: bool) -> ReadOutcome {
        if !continued && !prompt.is_empty() {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(prompt.as_bytes());
            let _ = stdout.flush();
        }
        let mut line = Vec::new();
        match std::io::stdin().lock().read_until(b'\n', &mut line) {
            Ok(0) => ReadOutcome::Eof,
            Ok(_) => ReadOutcome::Line(line),
            Err(error) => ReadOutcome::Failed(error),
        }
    }
}

/// The shell's line editor on a terminal.
pub struct EditorReader {
    editor: Editor<(), DefaultHistory>,
    /// Set by the Ctrl-G key, which interrupts the line being edited: tells
    /// the interruption from Ctrl-C's.
    user_switch: Arc<AtomicBool>,
    /// Held while a line is read, and by the BREAK menu that Ctrl-C opens
    /// while the shell evaluates ([`break_on_interrupt`]): the two never
    /// read the terminal at once.
    terminal: Arc<Mutex<()>>,
}

/// Ctrl-G: ends the line being edited as Ctrl-C does, noting that it was
/// Ctrl-G.
struct UserSwitchKey(Arc<AtomicBool>);

impl ConditionalEventHandler for UserSwitchKey {
    fn handle(&self, _event: &Event, _n: RepeatCount, _positive: bool, _context: &EventContext) -> Option<Cmd> {
        self.0.store(true, Ordering::Relaxed);
        Some(Cmd::Interrupt)
    }
}

/// What a menu chose.
enum Choice {
    /// Back to the line being read.
    Continue,
    /// Interrupt the shell's job: the read answers `interrupted`.
    Interrupt,
}

/// The node's output on the shell's terminal: written above the line being
/// edited, which is drawn again under it, so that what another process
/// prints while the shell waits for a line does not break into it. Between
/// lines it goes straight to the terminal.
#[derive(Clone)]
pub struct TerminalOutput(Arc<Mutex<dyn ExternalPrinter + Send>>);

impl Write for TerminalOutput {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let mut printer = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        printer.print(text).map_err(|error| std::io::Error::other(error.to_string()))?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl EditorReader {
    /// The output that writes around the line being edited.
    pub fn output(&mut self) -> Option<TerminalOutput> {
        let printer = self.editor.create_external_printer().ok()?;
        Some(TerminalOutput(Arc::new(Mutex::new(printer))))
    }

    /// An editor on the terminal, or `None` when standard input is none.
    pub fn new() -> Option<EditorReader> {
        let config = rustyline::Config::builder().auto_add_history(false).max_history_size(1000).ok()?.build();
        let mut editor = Editor::with_config(config).ok()?;
        let user_switch = Arc::new(AtomicBool::new(false));
        editor.bind_sequence(
            KeyEvent::ctrl('G'),
            EventHandler::Conditional(Box::new(UserSwitchKey(Arc::clone(&user_switch)))),
        );
        Some(EditorReader { editor, user_switch, terminal: Arc::new(Mutex::new(())) })
    }

    /// Opens erl's BREAK menu when Ctrl-C is typed while no line is being
    /// read (the line editor reads Ctrl-C as a key itself), on a thread of
    /// its own; without this, the signal would end girder at once.
    pub fn break_on_interrupt(&self) {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([signal_hook::consts::SIGINT]) else { return };
        let terminal = Arc::clone(&self.terminal);
        let _ = std::thread::Builder::new().name("girder-break".into()).spawn(move || {
            for _ in signals.forever() {
                let _reading = terminal.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                break_menu(|| {
                    let mut line = String::new();
                    match std::io::stdin().read_line(&mut line) {
                        Ok(0) | Err(_) => None,
                        Ok(_) => Some(line.trim().to_string()),
                    }
                });
            }
        });
    }

    /// A line typed in one of the menus.
    fn menu_line(&mut self, prompt: &str) -> Option<String> {
        match self.editor.readline(prompt) {
            Ok(line) => Some(line.trim().to_string()),
            Err(ReadlineError::Interrupted) => Some(String::new()),
            Err(_) => None,
        }
    }

    /// erl's user switch command menu, opened by Ctrl-G. girder's shell is
    /// one job: `c` goes back to it, `i` interrupts it (its evaluator is
    /// killed and restarted, as in erl), `j` lists it, `q` ends girder.
    fn user_switch_menu(&mut self) -> Choice {
        println!("\nUser switch command (enter 'h' for help)");
        loop {
            let Some(answer) = self.menu_line(" --> ") else { std::process::exit(0) };
            let mut words = answer.split_whitespace();
            let command = words.next().unwrap_or("c");
            let job = words.next();
            if job.is_some_and(|job| job != "1") {
                println!("Unknown job");
                continue;
            }
            match command {
                "c" => return Choice::Continue,
                "i" => return Choice::Interrupt,
                "j" => println!(" 1* {{shell,start,[]}}"),
                "q" => std::process::exit(0),
                "h" | "?" => {
                    println!("  c [nn]            - connect to job");
                    println!("  i [nn]            - interrupt job");
                    println!("  j                 - list all jobs");
                    println!("  q                 - quit erlang");
                    println!("  ? | h             - this message");
                }
                "k" | "s" | "r" => println!("girder runs one shell: there is no job to kill or start"),
                _ => println!("Unknown command"),
            }
        }
    }
}

/// erl's BREAK menu, opened by Ctrl-C, its answer read by `answer`:
/// (a)bort ends girder at once, (c)ontinue goes back to what ran,
/// (v)ersion prints girder's. The rest of erl's (process and memory dumps)
/// are not girder's to give.
fn break_menu(answer: impl FnOnce() -> Option<String>) {
    println!("\nBREAK: (a)bort (A)bort with dump (c)ontinue (p)roc info (i)nfo");
    println!("       (l)oaded (v)ersion (k)ill (D)b-tables (d)istribution");
    let Some(answer) = answer() else { std::process::exit(0) };
    match answer.chars().next() {
        Some('a' | 'A') => std::process::exit(0),
        Some('v') => println!("girder {}", env!("CARGO_PKG_VERSION")),
        Some('c') | None => {}
        Some(other) => println!("girder has no ({other}) to give: (a)bort, (c)ontinue or (v)ersion"),
    }
}

impl LineReader for EditorReader {
    fn read_line(&mut self, prompt: &str, _continued: bool) -> ReadOutcome {
        let terminal = Arc::clone(&self.terminal);
        let _reading = terminal.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        loop {
            match self.editor.readline(prompt) {
                Ok(mut line) => {
                    if !line.trim().is_empty() {
                        let _ = self.editor.add_history_entry(line.as_str());
                    }
                    line.push('\n');
                    return ReadOutcome::Line(line.into_bytes());
                }
                Err(ReadlineError::Eof) => return ReadOutcome::Eof,
                Err(ReadlineError::Interrupted) => {
                    let choice = if self.user_switch.swap(false, Ordering::Relaxed) {
                        self.user_switch_menu()
                    } else {
                        break_menu(|| self.menu_line(""));
                        Choice::Continue
                    };
                    if let Choice::Interrupt = choice {
                        return ReadOutcome::Interrupted;
                    }
                }
                Err(ReadlineError::Io(error)) => return ReadOutcome::Failed(error),
                Err(error) => return ReadOutcome::Failed(std::io::Error::other(error.to_string())),
            }
        }
    }
}

/// The terminal's settings as the shell found them. The run may end while
/// the editor holds the terminal in raw mode (`q()` stops the node once
/// every process is idle, and the shell is then waiting for a line), and
/// an ending process runs no destructor on the editor's thread: the shell
/// puts them back itself.
pub struct TerminalSettings {
    #[cfg(unix)]
    saved: Option<nix::sys::termios::Termios>,
}

impl TerminalSettings {
    /// Standard input's settings, when it is a terminal.
    pub fn save() -> TerminalSettings {
        TerminalSettings {
            #[cfg(unix)]
            saved: nix::sys::termios::tcgetattr(std::io::stdin()).ok(),
        }
    }

    /// Puts the saved settings back.
    pub fn restore(&self) {
        #[cfg(unix)]
        if let Some(saved) = &self.saved {
            let _ = nix::sys::termios::tcsetattr(std::io::stdin(), nix::sys::termios::SetArg::TCSADRAIN, saved);
        }
    }
}
