//! Starting the VMs under test: the `girder` binary and `erl`.

use anyhow::{bail, Context};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Finds and starts the programs a benchmark runs.
pub struct Runner {
    girder: PathBuf,
    programs: PathBuf,
    scratch: PathBuf,
}

impl Runner {
    /// Finds the `girder` binary (`GIRDER_BIN`, or beside this binary) and
    /// the benchmark programs (`bench/programs` of this source tree).
    pub fn locate() -> anyhow::Result<Runner> {
        let girder = Runner::default_girder()?;
        if !girder.is_file() {
            bail!("{} does not exist: build it first (cargo build --release) or set GIRDER_BIN", girder.display());
        }
        let programs = Path::new(env!("CARGO_MANIFEST_DIR")).join("programs");
        let scratch = std::env::temp_dir().join(format!("girder-bench-{}", std::process::id()));
        Ok(Runner { girder, programs, scratch })
    }

    /// Where the `girder` binary should be: `GIRDER_BIN`, or beside this binary.
    pub fn default_girder() -> anyhow::Result<PathBuf> {
        Ok(match std::env::var_os("GIRDER_BIN") {
            Some(path) => PathBuf::from(path),
            None => {
                let me = std::env::current_exe().context("cannot find the girder-bench binary")?;
                me.with_file_name(format!("girder{}", std::env::consts::EXE_SUFFIX))
            }
        })
    }

    /// The path of a benchmark program.
    pub fn program(&self, name: &str) -> PathBuf {
        self.programs.join(name)
    }

    /// Runs `girder ARGS...` and returns its standard output.
    pub fn girder(&self, args: &[&OsStr]) -> anyhow::Result<String> {
        run(Command::new(&self.girder).args(args))
    }

    /// A command that starts the `girder` binary, to be given its arguments.
    pub fn girder_raw(&self) -> Command {
        Command::new(&self.girder)
    }

    /// A command that runs `girder run OPTIONS... PROGRAM ARGS...` on a
    /// benchmark program, for [`crate::sampler::run`].
    pub fn girder_command(&self, options: &[String], program: &str, args: &[String]) -> Command {
        let mut command = Command::new(&self.girder);
        command.arg("run").args(options).arg(self.program(program)).args(args);
        command
    }

    /// A command that runs an Erlang twin's `main/1` with the arguments as
    /// strings, as girder passes them:
    /// `erl FLAGS... -noshell -pa DIR -run MODULE main ARGS... -s init stop`.
    pub fn erl_command(&self, directory: &Path, flags: &[String], module: &str, args: &[String]) -> Command {
        let mut command = Command::new("erl");
        command
            .args(flags)
            .arg("-noshell")
            .arg("-pa")
            .arg(directory)
            .args(["-run", module, "main"])
            .args(args)
            .args(["-s", "init", "stop"]);
        command
    }

    /// Whether `erl` runs and `erlc` starts. (`erlc` exits 1 on `-version`,
    /// which it does not know, and on `-help` too: only its start is asked.)
    pub fn has_erl(&self) -> bool {
        Command::new("erl").args(["-noshell", "-eval", "halt()."]).output().is_ok_and(|o| o.status.success())
            && Command::new("erlc").arg("-help").output().is_ok()
    }

    /// Compiles an Erlang twin into the scratch directory; returns that directory.
    pub fn compile_erl(&self, name: &str) -> anyhow::Result<PathBuf> {
        std::fs::create_dir_all(&self.scratch)?;
        run(Command::new("erlc").arg("-o").arg(&self.scratch).arg(self.program(name)))?;
        Ok(self.scratch.clone())
    }

    /// Runs `erl -noshell -pa DIR FLAGS... -s MODULE FUNCTION ARGS... -s init stop`.
    pub fn erl(
        &self,
        directory: &Path,
        module: &str,
        function: &str,
        args: &[&str],
        flags: &[&str],
    ) -> anyhow::Result<String> {
        let mut command = Command::new("erl");
        command
            .arg("-noshell")
            .args(flags)
            .arg("-pa")
            .arg(directory)
            .args(["-s", module, function])
            .args(args)
            .args(["-s", "init", "stop"]);
        run(&mut command)
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

fn run(command: &mut Command) -> anyhow::Result<String> {
    let output = command.output().with_context(|| format!("cannot start {command:?}"))?;
    if !output.status.success() {
        bail!("{command:?} failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The median of some figures (sorting them).
pub fn median(figures: &mut [u64]) -> u64 {
    figures.sort_unstable();
    figures.get(figures.len() / 2).copied().unwrap_or(0)
}
