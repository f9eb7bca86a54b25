//! `girder`: assemble, disassemble and run girder programs.
//!
//! Exit status: 0 when the program completes normally; 1 when the entry
//! process crashes (the report is on stderr); 2 for usage, assembly or load
//! errors; 3 for an internal error of girder itself.

mod source;
mod terminal;

use anyhow::Context;
use clap::{Parser, Subcommand};
use girder_vm::run::Ending;
use girder_vm::term::Atom;
use girder_vm::vm::{Config, Vm};
use source::SearchPath;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "girder", version, about = "A BEAM-like bytecode virtual machine")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Assemble a .gasm file into a .gbc bytecode file.
    Asm {
        /// The assembly source.
        file: PathBuf,
        /// Where to write the bytecode (default: beside the source, with .gbc).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print a .gbc file as assembly that re-assembles to the same bytes.
    Disasm {
        /// The bytecode file (a .gasm file is assembled first).
        file: PathBuf,
    },
    /// Run main/1 of a module with the arguments as a list of strings.
    ///
    /// An Elixir program (a .ex file, compiled with elixirc, or the .beam
    /// of a module named Elixir.*) runs as the elixir command runs one:
    /// Elixir's library is on the search path (from the elixir on PATH, or
    /// --elixir-root), the elixir and logger applications are started,
    /// System.argv/0 gives the arguments, and the one module of the file
    /// that defines main runs its main/1 with the arguments as Elixir
    /// strings (binaries), or main/0 when it has no main/1 (--entry
    /// KV:start names another module, as Elixir writes it, and function),
    /// in a process of its own as elixir runs a script: an error is
    /// printed as Elixir prints it, and Logger's reports are Elixir's
    /// (ARCHITECTURE.md, "Elixir").
    ///
    /// As with erl, `-s MOD [FUN [ARG ...]]` calls MOD:FUN() (FUN defaults
    /// to `start`), or MOD:FUN([ARG, ...]) with the arguments as atoms, and
    /// `-run MOD [FUN [ARG ...]]` does the same with the arguments as
    /// strings; the file may then be left out, its module being found on
    /// the search path. `-s init stop` is accepted: girder stops when the
    /// program ends.
    Run {
        /// The module to run: a .erl file (compiled with erlc), a .ex file
        /// (compiled with elixirc), a .beam file, a .gbc file, or a .gasm
        /// file assembled on the fly.
        file: Option<PathBuf>,
        /// Arguments passed to main/1 as a list of strings.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
        /// Run MODULE:FUNCTION instead (FUNCTION/1 with the arguments, or FUNCTION/0 when it has none and takes none).
        #[arg(long, value_name = "MODULE:FUNCTION")]
        entry: Option<String>,
        /// Another directory to find modules in (also spelled -pa, as in erl).
        #[arg(long = "pa", value_name = "DIR")]
        paths: Vec<PathBuf>,
        /// The Erlang/OTP installation whose library modules are loaded on
        /// first call (default: the one whose erl is on PATH).
        #[arg(long, value_name = "DIR", conflicts_with = "no_otp")]
        otp_root: Option<PathBuf>,
        /// Load no module from Erlang/OTP, even when it is installed: only
        /// the search path and girder's built-in library.
        #[arg(long)]
        no_otp: bool,
        /// The Elixir installation whose library an Elixir program uses
        /// (default: the one whose elixir is on PATH).
        #[arg(long, value_name = "DIR")]
        elixir_root: Option<PathBuf>,
        /// Collect the heap at every safe point (also GIRDER_GC_STRESS=1).
        #[arg(long)]
        gc_stress: bool,
        /// Reductions a process runs before it yields (default 4000).
        #[arg(long, value_name = "N")]
        reductions: Option<u32>,
        /// Scheduler threads (default: one per core), like `erl +S`.
        #[arg(long, value_name = "N")]
        schedulers: Option<usize>,
        /// The most processes alive at once (default 1048576), like `erl +P`.
        #[arg(long, value_name = "N")]
        max_processes: Option<usize>,
        /// The largest heap a process may grow to, in words (like Erlang's
        /// `max_heap_size`); a process past it is killed. Default: no limit.
        #[arg(long, value_name = "WORDS")]
        max_heap_words: Option<usize>,
        /// Print per-scheduler statistics on stderr at exit.
        #[arg(long)]
        stats: bool,
        #[command(flatten)]
        node: NodeArgs,
        /// The deadline of a whole distribution handshake, in seconds
        /// (default 7), like `erl -kernel net_setuptime`: a peer that has
        /// not finished its handshake by then is disconnected.
        #[arg(long, value_name = "SECONDS")]
        net_setuptime: Option<f64>,
    },
    /// An Erlang shell: Erlang/OTP's own, reading from this terminal.
    ///
    /// Expressions are read, parsed and evaluated by Erlang/OTP's shell
    /// (`shell`, `erl_scan`, `erl_parse`, `erl_eval`) running as girder
    /// processes, so Erlang/OTP must be installed. On a terminal, lines are
    /// edited with the usual keys and kept in the session's history;
    /// Ctrl-C opens erl's BREAK menu and Ctrl-G its user switch menu. Input
    /// that is not a terminal is read as it comes, and the shell prints
    /// what erl prints for it.
    Shell {
        /// Another directory to find modules in (also spelled -pa, as in erl).
        #[arg(long = "pa", value_name = "DIR")]
        paths: Vec<PathBuf>,
        /// The Erlang/OTP installation the shell and the library come from
        /// (default: the one whose erl is on PATH).
        #[arg(long, value_name = "DIR")]
        otp_root: Option<PathBuf>,
        /// Scheduler threads (default: one per core), like `erl +S`.
        #[arg(long, value_name = "N")]
        schedulers: Option<usize>,
        #[command(flatten)]
        node: NodeArgs,
    },
    /// IEx, Elixir's shell, from Elixir's own `.beam` files.
    ///
    /// Elixir's runtime starts as `iex` starts it (the `elixir` and `iex`
    /// applications), and IEx's server reads this terminal, or standard
    /// input as it comes, through the same terminal I/O server as
    /// `girder shell`. Needs Erlang/OTP and Elixir installed.
    Iex {
        /// Another directory to find modules in (also spelled -pa, as in erl).
        #[arg(long = "pa", value_name = "DIR")]
        paths: Vec<PathBuf>,
        /// The Erlang/OTP installation (default: the one whose erl is on PATH).
        #[arg(long, value_name = "DIR")]
        otp_root: Option<PathBuf>,
        /// The Elixir installation (default: the one whose elixir is on PATH).
        #[arg(long, value_name = "DIR")]
        elixir_root: Option<PathBuf>,
        /// Scheduler threads (default: one per core), like `erl +S`.
        #[arg(long, value_name = "N")]
        schedulers: Option<usize>,
        #[command(flatten)]
        node: NodeArgs,
    },
}

/// What makes the VM a node of Erlang's distribution, for `run`, `shell`
/// and `iex` alike.
#[derive(clap::Args)]
struct NodeArgs {
    /// Make the VM a distributed node with a long name, `NAME@HOST`
    /// (a fully qualified host or an IP address), like `erl -name`.
    #[arg(long, value_name = "NAME[@HOST]", conflicts_with = "sname")]
    name: Option<String>,
    /// Make the VM a distributed node with a short name, `NAME@HOST`
    /// (a host without dots), like `erl -sname`.
    #[arg(long, value_name = "NAME[@HOST]")]
    sname: Option<String>,
    /// The cookie peers must share (default: `~/.erlang.cookie`, created
    /// as erl creates it when missing), like `erl -setcookie`.
    #[arg(long, value_name = "SECRET", alias = "setcookie")]
    cookie: Option<String>,
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        eprintln!("girder: internal error: {message}{location}");
        // A panic on any thread (a scheduler, a connection) is a bug of
        // girder itself: stop the whole VM with status 3 rather than let
        // the other threads run on without it.
        std::process::exit(3);
    }));
    let (args, calls) = match erl_calls(std::env::args_os().collect()) {
        Ok(split) => split,
        Err(message) => {
            eprintln!("girder: {message}");
            return ExitCode::from(2);
        }
    };
    // Erlang users write `-pa DIR`; clap spells long options with two dashes.
    let args = args.into_iter().map(|arg| if arg == "-pa" { "--pa".into() } else { arg });
    let cli = Cli::parse_from(args);
    match std::panic::catch_unwind(move || run_command(cli, calls)) {
        Ok(code) => code,
        Err(_) => ExitCode::from(3),
    }
}

/// A call erl's `-s` or `-run` asks for.
#[derive(Clone, Debug, PartialEq)]
struct ErlCall {
    module: String,
    function: String,
    args: Vec<String>,
    /// `-s`: the arguments are atoms; `-run`: strings.
    atoms: bool,
}

/// Takes erl's `-s MOD [FUN [ARG ...]]` and `-run MOD [FUN [ARG ...]]` out
/// of the command line (each runs to the next option); returns the rest and
/// the call. `-s init stop` is dropped: girder stops when the program ends.
fn erl_calls(args: Vec<std::ffi::OsString>) -> Result<(Vec<std::ffi::OsString>, Option<ErlCall>), String> {
    let mut rest = Vec::with_capacity(args.len());
    let mut calls = Vec::new();
    let mut iter = args.into_iter().peekable();
    while let Some(arg) = iter.next() {
        if arg == "--" {
            rest.push(arg);
            rest.extend(iter.by_ref());
            break;
        }
        let atoms = match arg.to_str() {
            Some("-s") => true,
            Some("-run") => false,
            _ => {
                rest.push(arg);
                continue;
            }
        };
        let mut words = Vec::new();
        while let Some(word) = iter.next_if(|word| !word.to_string_lossy().starts_with('-')) {
            words.push(word.to_string_lossy().into_owned());
        }
        let option = if atoms { "-s" } else { "-run" };
        let Some((module, tail)) = words.split_first() else {
            return Err(format!("{option} wants a module: {option} MOD [FUN [ARG ...]]"));
        };
        let (function, args) = match tail.split_first() {
            Some((function, args)) => (function.clone(), args.to_vec()),
            None => ("start".to_string(), Vec::new()),
        };
        if atoms && module == "init" && function == "stop" && args.is_empty() {
            continue;
        }
        calls.push(ErlCall { module: module.clone(), function, args, atoms });
    }
    if calls.len() > 1 {
        return Err("girder runs one -s or -run call (besides -s init stop)".to_string());
    }
    Ok((rest, calls.pop()))
}

fn run_command(cli: Cli, call: Option<ErlCall>) -> ExitCode {
    // A hidden switch for testing the panic guard in `main`: no verified
    // input should ever panic, so `bin/tests/robustness.rs` sets
    // GIRDER_TEST_INTERNAL_PANIC=1 to panic on purpose and checks the
    // one-line report and exit status 3.
    if std::env::var_os("GIRDER_TEST_INTERNAL_PANIC").is_some_and(|value| value == "1") {
        panic!("GIRDER_TEST_INTERNAL_PANIC=1 asked for a panic");
    }
    match cli.command {
        Command::Asm { file, output } => report(assemble(&file, output)),
        Command::Disasm { file } => report(disassemble(&file)),
        Command::Run {
            file,
            args,
            entry,
            paths,
            otp_root,
            no_otp,
            elixir_root,
            gc_stress,
            reductions,
            schedulers,
            max_processes,
            max_heap_words,
            stats,
            node,
            net_setuptime,
        } => {
            let mut config = match config_with(schedulers) {
                Ok(config) => config,
                Err(status) => return status,
            };
            config.gc_stress |= gc_stress;
            if let Some(reductions) = reductions {
                config.reductions = reductions.max(1);
            }
            if let Some(max_processes) = max_processes {
                config.max_processes = max_processes.max(1);
            }
            if let Some(max_heap_words) = max_heap_words {
                config.max_heap_words = max_heap_words;
            }
            let node = match node_options(node, net_setuptime) {
                Ok(node) => node,
                Err(error) => {
                    eprintln!("girder: {error:#}");
                    return ExitCode::from(2);
                }
            };
            let otp = if no_otp {
                None
            } else if let Some(root) = otp_root {
                match source::OtpLibrary::at(&root) {
                    Ok(otp) => Some(otp),
                    Err(error) => {
                        eprintln!("girder: --otp-root: {error:#}");
                        return ExitCode::from(2);
                    }
                }
            } else {
                source::OtpLibrary::discover()
            };
            let program = Program { file, args, entry, call, elixir_root };
            let status = run(program, paths, otp, config, stats, node);
            write_coverage();
            status
        }
        Command::Shell { paths, otp_root, schedulers, node } => {
            // Elixir's errors name girder already; the node's are given it.
            let node = node_options(node, None).map_err(|error| error.context("girder"));
            let setting = node.map(|node| (paths, node));
            shell_command(setting, otp_root, schedulers, ShellKind::Erlang)
        }
        Command::Iex { mut paths, otp_root, elixir_root, schedulers, node } => {
            let node = node_options(node, None).map_err(|error| error.context("girder"));
            let setting = node.and_then(|node| {
                paths.extend(source::elixir_ebins(elixir_root.as_deref())?);
                Ok((paths, node))
            });
            shell_command(setting, otp_root, schedulers, ShellKind::Elixir)
        }
    }
}

/// `girder shell` or `girder iex`, given its search path and node, or why
/// there are none.
fn shell_command(
    setting: anyhow::Result<(Vec<PathBuf>, Option<girder_vm::dist::Options>)>,
    otp_root: Option<PathBuf>,
    schedulers: Option<usize>,
    kind: ShellKind,
) -> ExitCode {
    let (paths, node) = match setting {
        Ok(setting) => setting,
        Err(error) => {
            eprintln!("{error:#}");
            return ExitCode::from(2);
        }
    };
    let status = match shell_setting(otp_root, schedulers) {
        Ok((otp, config)) => shell(paths, otp, config, node, kind),
        Err(status) => status,
    };
    write_coverage();
    status
}

/// The library and the configuration of a shell: Erlang/OTP's library is
/// required, since the shells are written over it.
fn shell_setting(
    otp_root: Option<PathBuf>,
    schedulers: Option<usize>,
) -> Result<(source::OtpLibrary, Config), ExitCode> {
    let config = config_with(schedulers)?;
    let otp = match otp_root {
        Some(root) => source::OtpLibrary::at(&root).map_err(|error| format!("--otp-root: {error:#}")),
        None => source::OtpLibrary::discover().ok_or_else(|| {
            "the shell is written over Erlang/OTP's library, and no Erlang/OTP is installed: \
             put erl on PATH or give --otp-root"
                .to_string()
        }),
    };
    match otp {
        Ok(otp) => Ok((otp, config)),
        Err(error) => {
            eprintln!("girder: {error}");
            Err(ExitCode::from(2))
        }
    }
}

/// The default configuration with `--schedulers` applied, or exit status 2
/// (said on stderr) for a count out of range.
fn config_with(schedulers: Option<usize>) -> Result<Config, ExitCode> {
    let mut config = Config::default();
    if let Some(schedulers) = schedulers {
        if !(1..=1024).contains(&schedulers) {
            eprintln!("girder: --schedulers wants 1 to 1024, got {schedulers}");
            return Err(ExitCode::from(2));
        }
        config.schedulers = schedulers;
    }
    Ok(config)
}

/// Which shell `girder shell` or `girder iex` runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ShellKind {
    /// Erlang/OTP's shell.
    Erlang,
    /// Elixir's IEx.
    Elixir,
}

/// `girder shell` and `girder iex`: Erlang/OTP's shell or IEx, with the
/// node's terminal I/O server (`user`) reading this terminal, or standard
/// input as it comes when it is no terminal.
fn shell(
    paths: Vec<PathBuf>,
    otp: source::OtpLibrary,
    config: Config,
    node: Option<girder_vm::dist::Options>,
    kind: ShellKind,
) -> ExitCode {
    use std::io::IsTerminal;
    let schedulers = config.schedulers;
    let mut editor = if std::io::stdin().is_terminal() { terminal::EditorReader::new() } else { None };
    // Reports (a crash, a logger message) show among the shell's output, as
    // erl's default logger handler prints them there; on a terminal, above
    // the line being edited.
    let (output, error_output): (Box<dyn std::io::Write + Send>, Box<dyn std::io::Write + Send>) =
        match editor.as_mut().and_then(|editor| editor.output()) {
            Some(output) => (Box::new(output.clone()), Box::new(output)),
            None => (Box::new(std::io::stdout()), Box::new(std::io::stdout())),
        };
    let source = Box::new(SearchPath::new(paths, Some(otp)));
    let vm = std::sync::Arc::new(Vm::with_outputs(config, source, output, error_output));
    if let Some(node) = node {
        let name = node.name.to_string();
        if let Err(error) = girder_vm::dist::Dist::start(&vm, node) {
            eprintln!("girder: cannot start node {name}: {error}");
            return ExitCode::from(2);
        }
    }
    let settings = terminal::TerminalSettings::save();
    // A terminal takes Unicode, as erl's does (its `io:getopts/0` says
    // `{encoding, unicode}`), and so does IEx, whatever reads it; a pipe
    // to erl's shell is Latin-1 until told otherwise.
    if editor.is_some() || kind == ShellKind::Elixir {
        vm.input.set_unicode(true);
    }
    match editor {
        Some(editor) => {
            editor.break_on_interrupt();
            // Whoever sits at the terminal can always act (Ctrl-C, Ctrl-G):
            // the shell waits however long an expression waits.
            vm.input.set_interactive();
            // As erl greets a terminal before its shell's banner.
            println!("girder {} [{schedulers} schedulers]\n", env!("CARGO_PKG_VERSION"));
            girder_vm::input::start(&vm, Box::new(editor));
        }
        None => girder_vm::input::start(&vm, Box::new(terminal::PipeReader)),
    }
    let entry = match kind {
        ShellKind::Erlang => "shell",
        ShellKind::Elixir => "iex",
    };
    let (Ok(module), Ok(function)) = (Atom::intern("user"), Atom::intern(entry)) else {
        return ExitCode::from(2);
    };
    let result = girder_vm::run::run_call_with_stats(&vm, module, function, girder_vm::run::EntryArgs::Nothing);
    settings.restore();
    exit_status(result.map(|(ending, _)| ending))
}

/// Prints an error for a failed command and picks exit status 2.
fn report(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error:#}");
            ExitCode::from(2)
        }
    }
}

fn assemble(file: &Path, output: Option<PathBuf>) -> anyhow::Result<()> {
    let bytes = source::assemble_file(file)?;
    let output = output.unwrap_or_else(|| file.with_extension("gbc"));
    std::fs::write(&output, bytes).with_context(|| format!("cannot write {}", output.display()))
}

fn disassemble(file: &Path) -> anyhow::Result<()> {
    let module = source::load_module_file(file)?;
    print!("{}", girder_asm::disassemble(&module));
    Ok(())
}

/// The distribution options `--name`/`--sname` and `--cookie` ask for;
/// `None` for a VM that is not a node.
fn node_options(node: NodeArgs, net_setuptime: Option<f64>) -> anyhow::Result<Option<girder_vm::dist::Options>> {
    let NodeArgs { name, sname, cookie } = node;
    let name = match (name, sname) {
        (Some(long), _) => girder_dist::NodeName::long(&long).with_context(|| format!("--name {long}"))?,
        (None, Some(short)) => girder_dist::NodeName::short(&short).with_context(|| format!("--sname {short}"))?,
        (None, None) => {
            anyhow::ensure!(cookie.is_none(), "--cookie needs --name or --sname");
            anyhow::ensure!(net_setuptime.is_none(), "--net-setuptime needs --name or --sname");
            return Ok(None);
        }
    };
    let cookie = match cookie {
        Some(cookie) => cookie,
        None => girder_dist::cookie::default_cookie().context("cannot read or create ~/.erlang.cookie")?,
    };
    let mut options = girder_vm::dist::Options::new(name, cookie);
    if let Some(seconds) = net_setuptime {
        anyhow::ensure!(
            seconds > 0.0 && seconds <= 120.0,
            "--net-setuptime wants a number of seconds above 0 and at most 120, got {seconds}"
        );
        options.handshake_timeout = std::time::Duration::from_secs_f64(seconds);
    }
    Ok(Some(options))
}

/// What `girder run` is asked to run.
struct Program {
    file: Option<PathBuf>,
    args: Vec<String>,
    entry: Option<String>,
    call: Option<ErlCall>,
    elixir_root: Option<PathBuf>,
}

fn run(
    program: Program,
    mut paths: Vec<PathBuf>,
    otp: Option<source::OtpLibrary>,
    config: Config,
    stats: bool,
    node: Option<girder_vm::dist::Options>,
) -> ExitCode {
    let Program { file, args, entry, call, elixir_root } = program;
    let is_elixir_source = file.as_deref().and_then(Path::extension).is_some_and(|extension| extension == "ex");
    // `--entry MODULE:FUNCTION`, an Elixir alias (`KV`) naming its module
    // (`Elixir.KV`) in an Elixir program.
    let entry = match entry.as_deref().map(|text| text.split_once(':')) {
        Some(Some((m, f))) if !m.is_empty() && !f.is_empty() => Some((m.to_string(), f.to_string())),
        Some(_) => {
            eprintln!("girder: --entry wants MODULE:FUNCTION, got `{}`", entry.unwrap_or_default());
            return ExitCode::from(2);
        }
        None => None,
    };
    let elixir_alias = |name: &str| {
        if name.starts_with(|first: char| first.is_ascii_uppercase()) && !name.starts_with("Elixir.") {
            format!("Elixir.{name}")
        } else {
            name.to_string()
        }
    };
    // An Elixir source's modules, compiled into the cache.
    let mut compiled = None;
    let loaded = match &file {
        Some(file) if is_elixir_source => source::compile_ex(file).and_then(|directory| {
            let chosen = entry.as_ref().map(|(m, _)| elixir_alias(m));
            let module = source::elixir_program(&directory, file, chosen.as_deref())?;
            compiled = Some(directory);
            Ok(module)
        }),
        Some(file) => source::load_module_file(file),
        None => Err(anyhow::anyhow!("no file")),
    };
    let module = match (&file, loaded) {
        (Some(_), Ok(module)) => Some(module),
        (Some(_), Err(error)) => {
            eprintln!("{error:#}");
            return ExitCode::from(2);
        }
        (None, _) if call.is_some() => None,
        (None, _) => {
            eprintln!("girder run: name the program to run (a .erl, .beam, .gbc or .gasm file), or give -s or -run");
            return ExitCode::from(2);
        }
    };
    let directory = file.as_deref().and_then(Path::parent).map(Path::to_path_buf).unwrap_or_default();
    paths.insert(0, if directory.as_os_str().is_empty() { PathBuf::from(".") } else { directory });
    if let Some(compiled) = compiled {
        paths.insert(0, compiled);
    }
    let elixir = is_elixir_source || module.as_ref().is_some_and(|module| module.name().starts_with("Elixir."));
    if elixir {
        match source::elixir_ebins(elixir_root.as_deref()) {
            Ok(ebins) => paths.extend(ebins),
            Err(error) => {
                eprintln!("{error:#}");
                return ExitCode::from(2);
            }
        }
    }
    let vm = std::sync::Arc::new(Vm::new(config, Box::new(SearchPath::new(paths, otp))));
    // A program may read its standard input (io:get_line/1, io:read/1).
    girder_vm::input::start(&vm, Box::new(terminal::PipeReader));
    if let Some(node) = node {
        let name = node.name.to_string();
        if let Err(error) = girder_vm::dist::Dist::start(&vm, node) {
            eprintln!("girder: cannot start node {name}: {error}");
            return ExitCode::from(2);
        }
    }
    let module_name = module.as_ref().map(|module| module.name().to_string());
    if let (Some(module), Some(file)) = (module, &file) {
        if let Err(error) = vm.code.load(module) {
            eprintln!("girder: {}: {error}", file.display());
            return ExitCode::from(2);
        }
    }
    // An Elixir program's function runs once Elixir's runtime has started
    // (see `init:run_elixir/3`).
    let elixir_program = match (&call, &entry, &module_name) {
        (None, Some((m, f)), _) if elixir => Some((elixir_alias(m), f.clone())),
        (None, None, Some(name)) if elixir => Some((name.clone(), "main".to_string())),
        _ => None,
    };
    let (entry_module, entry_function) = match (&call, &entry, module_name) {
        (Some(call), _, _) => (call.module.clone(), call.function.clone()),
        _ if elixir_program.is_some() => ("init".to_string(), "run_elixir".to_string()),
        (None, Some((m, f)), _) => (m.clone(), f.clone()),
        (None, None, Some(name)) => (name, "main".to_string()),
        (None, None, None) => unreachable!("a program without a file has a call"),
    };
    let (Ok(module_atom), Ok(function_atom)) = (Atom::intern(&entry_module), Atom::intern(&entry_function)) else {
        eprintln!("girder: the entry name is too long");
        return ExitCode::from(2);
    };
    use girder_vm::run::EntryArgs;
    let entry_args = match &call {
        // erl calls MOD:FUN() when -s or -run gives no arguments.
        Some(call) if call.args.is_empty() => EntryArgs::Nothing,
        Some(call) if call.atoms => EntryArgs::Atoms(&call.args),
        Some(call) => EntryArgs::Strings(&call.args),
        // main/1 receives the arguments; an entry function/0 may be chosen
        // with --entry when no arguments are given.
        None if elixir_program.is_none()
            && entry.is_some()
            && args.is_empty()
            && has_export(&vm, module_atom, function_atom, 0) =>
        {
            EntryArgs::Nothing
        }
        None => match &elixir_program {
            Some((module, function)) => EntryArgs::Elixir(module, function, &args),
            None => EntryArgs::Strings(&args),
        },
    };
    let result = girder_vm::run::run_call_with_stats(&vm, module_atom, function_atom, entry_args);
    if let (true, Ok((_, run_stats))) = (stats, &result) {
        print_stats(run_stats);
    }
    exit_status(result.map(|(ending, _)| ending))
}

/// The exit status for how a run ended, with a word on stderr when it
/// could not run or nothing could ever wake its process.
fn exit_status(ending: Result<Ending, girder_vm::run::StartError>) -> ExitCode {
    match ending {
        Ok(Ending::Normal) => ExitCode::SUCCESS,
        Ok(Ending::Crashed) => ExitCode::from(1),
        Ok(Ending::Halted(status)) => ExitCode::from(status.clamp(0, 255) as u8),
        Ok(Ending::Deadlocked) => {
            eprintln!("girder: the entry process waits in receive and no process can ever send to it");
            ExitCode::from(1)
        }
        Err(error) => {
            eprintln!("girder: {error}");
            ExitCode::from(2)
        }
    }
}

/// Writes what the interpreter executed to the file named by
/// `GIRDER_COVERAGE_FILE`, when girder counts it (`girder_vm::coverage`).
fn write_coverage() {
    if let (Some(path), Some(report)) = (std::env::var_os("GIRDER_COVERAGE_FILE"), girder_vm::coverage::report()) {
        if let Err(error) = std::fs::write(&path, report) {
            eprintln!("girder: cannot write {}: {error}", Path::new(&path).display());
        }
    }
}

/// Prints what each scheduler did, on stderr.
fn print_stats(stats: &girder_vm::run::RunStats) {
    eprintln!("scheduler      slices    reductions    steals    sleeps");
    for (index, scheduler) in stats.schedulers.iter().enumerate() {
        eprintln!(
            "{:>9} {:>11} {:>13} {:>9} {:>9}",
            index + 1,
            scheduler.slices,
            scheduler.reductions,
            scheduler.steals,
            scheduler.sleeps
        );
    }
    eprintln!("peak processes: {}", stats.peak_processes);
}

fn has_export(vm: &Vm, module: Atom, function: Atom, arity: u32) -> bool {
    matches!(vm.code.find_export(module, function, arity), Ok(Some(_)))
}
