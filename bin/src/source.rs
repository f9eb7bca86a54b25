//! Where modules come from: files the user names (`.gbc`, `.gasm`, `.beam`,
//! `.erl`), the search path the code server loads modules from on first
//! call, Erlang/OTP's library, and the library built into the binary.
//!
//! A module named `NAME` is found by the first of these that has it:
//!
//! 1. **Modules girder owns** ([`OWNED`]: `erlang`, the I/O, process and
//!    distribution plumbing) are always girder's own, built into the binary;
//!    they are never loaded from a file or from Erlang/OTP.
//! 2. **The search path**: the program's directory, then each `-pa`
//!    directory in the order given; in each, `NAME.gbc`, then `NAME.gasm`,
//!    then `NAME.beam`, then `NAME.erl` (compiled by `erlc`, when it is on
//!    `PATH`, into the compile cache).
//! 3. **Erlang/OTP's library**, when an installation is found (`erl` on
//!    `PATH`, or `--otp-root DIR`): `DIR/lib/*/ebin/NAME.beam`. Functions
//!    girder implements natively (its BIFs, such as `lists:reverse/2`) stay
//!    native: a call finds the BIF before the module's code.
//! 4. **girder's built-in library** (`bin/stdlib/*.gasm`), which covers
//!    what the tutorials need without an Erlang/OTP installation.

use anyhow::Context;
use girder_loader::Module;
use girder_vm::code::{ModuleOrigin, ModuleSource};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Modules girder provides itself and never loads from a file or from
/// Erlang/OTP: their work is native (BIFs, the process machinery, I/O,
/// distribution), and OTP's versions of them talk to runtime services
/// girder implements differently. `ARCHITECTURE.md` has the table.
pub const OWNED: &[&str] = &[
    "erlang",
    "erts_internal",
    "init",
    "io",
    "user",
    "prim_eval",
    "error_logger",
    "logger",
    "erpc",
    "rpc",
    "net_adm",
    "net_kernel",
    "timer",
    "code",
    "file",
    "prim_file",
    "erl_prim_loader",
];

/// Modules that ship inside the `girder` binary.
const STANDARD_LIBRARY: &[(&str, &str)] = &[
    ("erlang", include_str!("../stdlib/erlang.gasm")),
    ("erpc", include_str!("../stdlib/erpc.gasm")),
    ("file", include_str!("../stdlib/file.gasm")),
    ("init", include_str!("../stdlib/init.gasm")),
    ("error_logger", include_str!("../stdlib/error_logger.gasm")),
    ("io", include_str!("../stdlib/io.gasm")),
    ("lists", include_str!("../stdlib/lists.gasm")),
    ("logger", include_str!("../stdlib/logger.gasm")),
    ("net_adm", include_str!("../stdlib/net_adm.gasm")),
    ("prim_eval", include_str!("../stdlib/prim_eval.gasm")),
    ("rpc", include_str!("../stdlib/rpc.gasm")),
    ("timer", include_str!("../stdlib/timer.gasm")),
    ("user", include_str!("../stdlib/user.gasm")),
];

/// Assembles a `.gasm` file to bytecode.
pub fn assemble_file(file: &Path) -> anyhow::Result<Vec<u8>> {
    let text = std::fs::read_to_string(file).with_context(|| format!("girder: cannot read {}", file.display()))?;
    girder_asm::assemble_to_bytes(&text, &file.display().to_string())
        .map_err(|diagnostics| anyhow::anyhow!("{diagnostics}"))
}

/// Reads a module from a `.gbc` file (verified), a `.gasm` file (assembled),
/// a `.beam` file (translated and verified) or a `.erl` file (compiled by
/// `erlc` into the compile cache, then read as a `.beam` file; a `.ex`
/// file is compiled by `elixirc` and its program module read).
pub fn load_module_file(file: &Path) -> anyhow::Result<Module> {
    match file.extension().and_then(|extension| extension.to_str()) {
        Some("gasm") => {
            let text =
                std::fs::read_to_string(file).with_context(|| format!("girder: cannot read {}", file.display()))?;
            girder_asm::assemble(&text, &file.display().to_string())
                .map_err(|diagnostics| anyhow::anyhow!("{diagnostics}"))
        }
        Some("beam") => load_beam_file(file),
        Some("erl") => load_beam_file(&compile_erl(file)?),
        Some("ex") => elixir_program(&compile_ex(file)?, file, None),
        _ => girder_loader::load_file(file).map_err(|error| anyhow::anyhow!("{error}")),
    }
}

fn load_beam_file(file: &Path) -> anyhow::Result<Module> {
    let bytes = std::fs::read(file).with_context(|| format!("girder: cannot read {}", file.display()))?;
    girder_loader::beam::load_beam(&bytes).map_err(|error| anyhow::anyhow!("{}", error.with_file(file)))
}

/// The version of how sources are compiled into the cache, part of every
/// key: raised when the same source would compile to a different `.beam`
/// (2: erlc runs in the source's directory), so that no entry of an older
/// girder is reused.
const CACHE_FORMAT: u32 = 2;

/// The key of a source's entry in the compile cache: its path and
/// contents, the cache's format, and the compiler when it is not `erlc`
/// (the keys of Erlang sources are as they were before Elixir's).
fn cache_key(source: &Path, compiler: Option<&str>) -> anyhow::Result<u64> {
    use std::hash::{Hash, Hasher};
    let contents = std::fs::read(source).with_context(|| format!("girder: cannot read {}", source.display()))?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    CACHE_FORMAT.hash(&mut hasher);
    if let Some(compiler) = compiler {
        compiler.hash(&mut hasher);
    }
    std::fs::canonicalize(source).unwrap_or_else(|_| source.to_path_buf()).hash(&mut hasher);
    contents.hash(&mut hasher);
    Ok(hasher.finish())
}

/// Compiles an Erlang source with `erlc` into the compile cache and returns
/// the `.beam` file's path. The cache is keyed by the source's path and
/// contents, so an unchanged source is compiled once. (Included headers are
/// not part of the key: touch the source after changing one.)
pub fn compile_erl(source: &Path) -> anyhow::Result<PathBuf> {
    let module = source.file_stem().and_then(|stem| stem.to_str()).unwrap_or("module");
    let key = cache_key(source, None)?;
    let directory = cache_dir().join(format!("{module}-{key:016x}"));
    let beam = directory.join(format!("{module}.beam"));
    if beam.is_file() {
        return Ok(beam);
    }
    let erlc = find_on_path("erlc").ok_or_else(|| {
        anyhow::anyhow!(
            "girder: {} is Erlang source, and compiling it needs erlc (Erlang/OTP's compiler), which is not on PATH; \
             install Erlang/OTP, or compile the module elsewhere and run the .beam file",
            source.display()
        )
    })?;
    let scratch = cache_dir().join(format!("{module}-{key:016x}.{}.tmp", std::process::id()));
    let (scratch, output) = compile_into(&erlc, "erlc", source, &scratch)?;
    if !output.status.success() {
        let _ = std::fs::remove_dir_all(&scratch);
        anyhow::bail!(
            "{}{}girder: erlc could not compile {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
            source.display()
        );
    }
    // Warnings are the compiler's to show, as erlc shows them.
    eprint!("{}", String::from_utf8_lossy(&output.stdout));
    if !scratch.join(format!("{module}.beam")).is_file() {
        let _ = std::fs::remove_dir_all(&scratch);
        anyhow::bail!("girder: {} does not define the module {module} its file name says", source.display());
    }
    if std::fs::rename(&scratch, &directory).is_err() {
        // Another girder compiled the same source meanwhile: use its copy.
        let _ = std::fs::remove_dir_all(&scratch);
    }
    Ok(beam)
}

/// Runs `compiler` (`erlc`, `elixirc`, named `name` in errors) on
/// `source` into the directory `scratch`, made for it, and returns that
/// directory (as an absolute path) and what the compiler printed and how it
/// ended. Compiling into a scratch directory first means an interrupted or
/// failed compilation never leaves a cache entry behind. The compiler runs
/// in the source's directory on its file name, as one usually runs it: the
/// file a stack trace names is then the file's own name, whatever the
/// directory girder was started from (the cache is shared by all).
fn compile_into(
    compiler: &Path,
    name: &str,
    source: &Path,
    scratch: &Path,
) -> anyhow::Result<(PathBuf, std::process::Output)> {
    std::fs::create_dir_all(scratch).with_context(|| format!("girder: cannot create {}", scratch.display()))?;
    let scratch = std::path::absolute(scratch).unwrap_or_else(|_| scratch.to_path_buf());
    let mut command = std::process::Command::new(compiler);
    if let Some(parent) = source.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        command.current_dir(parent);
    }
    let output = command
        .arg("-o")
        .arg(&scratch)
        .arg(source.file_name().unwrap_or(source.as_os_str()))
        .output()
        .with_context(|| format!("girder: cannot run {name} on {}", source.display()))?;
    Ok((scratch, output))
}

/// Compiles an Elixir source with `elixirc` into the compile cache (keyed
/// as [`compile_erl`]'s) and returns the directory of its modules' `.beam`
/// files (a source may define several, `Elixir.NAME.beam` each).
pub fn compile_ex(source: &Path) -> anyhow::Result<PathBuf> {
    let stem = source.file_stem().and_then(|stem| stem.to_str()).unwrap_or("program");
    let key = cache_key(source, Some("elixirc"))?;
    let directory = cache_dir().join(format!("{stem}.ex-{key:016x}"));
    if directory.is_dir() {
        return Ok(directory);
    }
    let elixirc = find_on_path("elixirc").ok_or_else(|| {
        anyhow::anyhow!(
            "girder: {} is Elixir source, and compiling it needs elixirc (Elixir's compiler), which is not on PATH; \
             install Elixir, or compile the module elsewhere and run its .beam file",
            source.display()
        )
    })?;
    let scratch = cache_dir().join(format!("{stem}.ex-{key:016x}.{}.tmp", std::process::id()));
    let (scratch, output) = compile_into(&elixirc, "elixirc", source, &scratch)?;
    let compiled = std::fs::read_dir(&scratch)
        .map(|files| files.flatten().any(|file| file.path().extension().is_some_and(|extension| extension == "beam")))
        .unwrap_or(false);
    if !output.status.success() || !compiled {
        let _ = std::fs::remove_dir_all(&scratch);
        anyhow::bail!(
            "{}{}girder: elixirc could not compile {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
            source.display(),
            if output.status.success() { " (it defines no module)" } else { "" }
        );
    }
    // Warnings are the compiler's to show, as elixirc shows them.
    eprint!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    if std::fs::rename(&scratch, &directory).is_err() {
        let _ = std::fs::remove_dir_all(&scratch);
    }
    Ok(directory)
}

/// The module of an Elixir program's compiled modules (the `.beam` files
/// of `directory`) to run: `chosen` (its full name, `Elixir.NAME`), or
/// else the one that exports `main/1` or `main/0`. An error when there is
/// no such module, or several export `main`.
pub fn elixir_program(directory: &Path, source: &Path, chosen: Option<&str>) -> anyhow::Result<Module> {
    if let Some(name) = chosen {
        let beam = directory.join(format!("{name}.beam"));
        anyhow::ensure!(beam.is_file(), "girder: {} defines no module {name}", source.display());
        return load_beam_file(&beam);
    }
    let mut beams: Vec<PathBuf> = std::fs::read_dir(directory)
        .with_context(|| format!("girder: cannot read {}", directory.display()))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "beam"))
        .collect();
    beams.sort();
    let mut programs = Vec::new();
    for beam in beams {
        let module = load_beam_file(&beam)?;
        if module.find_export("main", 1).is_some() || module.find_export("main", 0).is_some() {
            programs.push(module);
        }
    }
    match programs.len() {
        1 => Ok(programs.pop().expect("one program")),
        0 => anyhow::bail!("girder: no module of {} defines main/0 or main/1 to run", source.display()),
        _ => {
            let names: Vec<&str> = programs.iter().map(|module| module.name()).collect();
            anyhow::bail!(
                "girder: several modules of {} define main/0 or main/1 ({}): choose one with --entry MODULE:main",
                source.display(),
                names.join(", ")
            )
        }
    }
}

/// The `ebin` directories of an Elixir installation's applications
/// (`elixir`, `logger`, `eex`, `iex`, ...): those of `root` (the directory
/// holding `lib/` and `bin/`), else of the installation whose `elixir` is
/// on `PATH` (`bin/elixir` is a script in, or a link into, `ROOT/bin`).
pub fn elixir_ebins(root: Option<&Path>) -> anyhow::Result<Vec<PathBuf>> {
    let root = match root {
        Some(root) => root.to_path_buf(),
        None => {
            let elixir = find_on_path("elixir").ok_or_else(|| {
                anyhow::anyhow!(
                    "girder: running Elixir needs Elixir's library: put elixir on PATH, or pass --elixir-root"
                )
            })?;
            let elixir = std::fs::canonicalize(&elixir).unwrap_or(elixir);
            elixir.parent().and_then(Path::parent).map(Path::to_path_buf).unwrap_or_default()
        }
    };
    let ebins: Vec<PathBuf> = std::fs::read_dir(root.join("lib"))
        .map(|applications| {
            let mut ebins: Vec<PathBuf> = applications.flatten().map(|entry| entry.path().join("ebin")).collect();
            ebins.sort();
            ebins
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|ebin| ebin.join("elixir.app").is_file() || ebin.is_dir())
        .collect();
    anyhow::ensure!(
        ebins.iter().any(|ebin| ebin.join("elixir.app").is_file()),
        "girder: {} is not an Elixir installation (it has no lib/elixir/ebin/elixir.app)",
        root.display()
    );
    Ok(ebins)
}

/// Where compiled Erlang sources are kept: `$GIRDER_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/girder/erlc`, else `~/.cache/girder/erlc`, else the
/// system's temporary directory.
fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("GIRDER_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("girder").join("erlc")
}

/// The first executable file named `program` in a directory of `PATH`.
pub fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|candidate| candidate.is_file())
}

/// An Erlang/OTP installation's library: where its modules' `.beam` files are.
pub struct OtpLibrary {
    root: PathBuf,
    /// Module name → `.beam` file, built on first use.
    index: OnceLock<HashMap<String, PathBuf>>,
}

impl OtpLibrary {
    /// The installation at `root` (the directory holding `lib/` and `bin/`),
    /// when it looks like one.
    pub fn at(root: &Path) -> anyhow::Result<OtpLibrary> {
        anyhow::ensure!(
            root.join("lib").is_dir(),
            "{} is not an Erlang/OTP installation (it has no lib directory)",
            root.display()
        );
        Ok(OtpLibrary { root: root.to_path_buf(), index: OnceLock::new() })
    }

    /// The installation whose `erl` is on `PATH`, if any: `erl` is a link
    /// to, or a script in, `ROOT/bin`.
    pub fn discover() -> Option<OtpLibrary> {
        let erl = std::fs::canonicalize(find_on_path("erl")?).ok()?;
        let root = erl.parent()?.parent()?;
        // Debian's `/usr/bin/erl` is a link into `/usr/lib/erlang/bin`; an
        // installation built from source has `ROOT/bin/erl` as a script.
        let root =
            [root.to_path_buf(), root.join("lib").join("erlang")].into_iter().find(|r| r.join("lib").is_dir())?;
        OtpLibrary::at(&root).ok()
    }

    /// The `.beam` file of module `name`, if the library has one.
    pub fn find(&self, name: &str) -> Option<&Path> {
        self.index.get_or_init(|| self.build_index()).get(name).map(PathBuf::as_path)
    }

    /// The `ebin` directories of the library's applications, sorted, so
    /// that of two versions of an application the later comes last.
    fn ebins(&self) -> Vec<PathBuf> {
        let Ok(applications) = std::fs::read_dir(self.root.join("lib")) else { return Vec::new() };
        let mut ebins: Vec<PathBuf> = applications.flatten().map(|entry| entry.path().join("ebin")).collect();
        ebins.sort();
        ebins
    }

    /// The directory of application `name` (`lib/NAME-VSN`, the later
    /// version first), if the library has it.
    pub fn lib_dir(&self, name: &str) -> Option<PathBuf> {
        self.ebins().into_iter().rev().filter_map(|ebin| ebin.parent().map(Path::to_path_buf)).find(|directory| {
            directory.file_name().and_then(|base| base.to_str()).is_some_and(|base| names_application(base, name))
        })
    }

    /// The file named `name` in an application's `ebin` directory (the later
    /// version of an application first), if any.
    pub fn find_file(&self, name: &str) -> Option<PathBuf> {
        self.ebins().into_iter().rev().map(|ebin| ebin.join(name)).find(|path| path.is_file())
    }

    fn build_index(&self) -> HashMap<String, PathBuf> {
        let mut index = HashMap::new();
        // Of two versions of an application the later wins.
        for ebin in self.ebins() {
            let Ok(files) = std::fs::read_dir(&ebin) else { continue };
            for file in files.flatten() {
                let path = file.path();
                if path.extension().is_some_and(|extension| extension == "beam") {
                    if let Some(stem) = path.file_stem().and_then(|stem| stem.to_str()) {
                        index.insert(stem.to_string(), path);
                    }
                }
            }
        }
        index
    }
}

/// Whether a library directory named `base` holds application `name`:
/// `NAME`, or `NAME-VSN` with a version of digits and dots.
fn names_application(base: &str, name: &str) -> bool {
    match base.strip_prefix(name) {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('-')
            .is_some_and(|version| !version.is_empty() && version.chars().all(|c| c.is_ascii_digit() || c == '.')),
        None => false,
    }
}

/// The code server's source of modules: see the module documentation for
/// the order in which places are searched.
pub struct SearchPath {
    directories: Vec<PathBuf>,
    otp: Option<OtpLibrary>,
    /// Modules already reported missing, so each is reported once.
    reported_missing: Mutex<Vec<String>>,
}

impl SearchPath {
    /// A search path of `directories`, searched in order, then `otp`.
    pub fn new(directories: Vec<PathBuf>, otp: Option<OtpLibrary>) -> SearchPath {
        SearchPath { directories, otp, reported_missing: Mutex::new(Vec::new()) }
    }

    fn built_in(name: &str) -> Result<Option<Module>, String> {
        match STANDARD_LIBRARY.iter().find(|(module, _)| *module == name) {
            Some((module, text)) => girder_asm::assemble(text, &format!("<standard library>/{module}.gasm"))
                .map(Some)
                .map_err(|diagnostics| diagnostics.to_string()),
            None => Ok(None),
        }
    }

    fn checked(path: &Path, name: &str) -> Result<Option<Module>, String> {
        let module = load_module_file(path).map_err(|error| format!("{error:#}"))?;
        if module.name() != name {
            return Err(format!("{} holds module {}, not {name}", path.display(), module.name()));
        }
        Ok(Some(module))
    }
}

/// Where the search path finds a module: a file, or girder's own library
/// (which may not have it).
enum Located {
    File(PathBuf),
    BuiltIn,
}

impl SearchPath {
    /// The place a module named `name` comes from, in the order of the
    /// module documentation.
    fn locate(&self, name: &str) -> Located {
        if OWNED.contains(&name) {
            return Located::BuiltIn;
        }
        for directory in &self.directories {
            for extension in ["gbc", "gasm", "beam", "erl"] {
                let path = directory.join(format!("{name}.{extension}"));
                if path.is_file() {
                    return Located::File(path);
                }
            }
        }
        match self.otp.as_ref().and_then(|otp| otp.find(name)) {
            Some(path) => Located::File(path.to_path_buf()),
            None => Located::BuiltIn,
        }
    }
}

impl ModuleSource for SearchPath {
    fn where_is_file(&self, name: &str) -> Option<String> {
        // A name with a directory in it is no file of the code path.
        if name.is_empty() || name.contains('/') {
            return None;
        }
        let found = self
            .directories
            .iter()
            .map(|directory| directory.join(name))
            .find(|path| path.is_file())
            .or_else(|| self.otp.as_ref().and_then(|otp| otp.find_file(name)))?;
        Some(found.to_string_lossy().into_owned())
    }

    fn lib_dir(&self, name: &str) -> Option<String> {
        let on_path = self.directories.iter().filter(|directory| directory.ends_with("ebin")).find_map(|ebin| {
            let directory = ebin.parent()?;
            let base = directory.file_name()?.to_str()?;
            names_application(base, name).then(|| directory.to_path_buf())
        });
        let found = on_path.or_else(|| self.otp.as_ref().and_then(|otp| otp.lib_dir(name)))?;
        Some(found.to_string_lossy().into_owned())
    }

    fn get_file(&self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(path).ok()
    }

    fn origin(&self, name: &str) -> Option<ModuleOrigin> {
        match self.locate(name) {
            Located::BuiltIn => {
                STANDARD_LIBRARY.iter().any(|(module, _)| *module == name).then_some(ModuleOrigin::BuiltIn)
            }
            Located::File(path) => Some(ModuleOrigin::File(path.to_string_lossy().into_owned())),
        }
    }

    fn find(&self, name: &str) -> Result<Option<Module>, String> {
        if let Located::File(path) = self.locate(name) {
            return SearchPath::checked(&path, name);
        }
        let built_in = SearchPath::built_in(name)?;
        if built_in.is_none() && self.otp.is_none() {
            let mut reported = self.reported_missing.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if !reported.iter().any(|missing| missing == name) {
                reported.push(name.to_string());
                eprintln!(
                    "girder: no module {name}: it is not beside the program, on a -pa path or in girder's library, \
                     and no Erlang/OTP installation was found to load it from (put erl on PATH, or pass --otp-root)"
                );
            }
        }
        Ok(built_in)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_modules_are_never_loaded_from_files_or_otp() {
        let dir = std::env::temp_dir().join(format!("girder-owned-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // A module named `io` beside the program does not replace girder's.
        std::fs::write(dir.join("io.gasm"), ".module io\n.export hijacked/0\n.function hijacked/0\n    return\n")
            .unwrap();
        let search = SearchPath::new(vec![dir.clone()], OtpLibrary::discover());
        let io = search.find("io").unwrap().unwrap();
        assert!(io.find_export("hijacked", 0).is_none());
        assert!(io.find_export("format", 3).is_some());
        for owned in OWNED {
            if let Some(module) = search.find(owned).unwrap() {
                assert_eq!(module.name(), *owned);
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn every_built_in_module_assembles() {
        for (name, _) in STANDARD_LIBRARY {
            let module = SearchPath::built_in(name).unwrap().unwrap();
            assert_eq!(module.name(), *name);
        }
    }

    #[test]
    fn otp_library_modules_are_found_when_erlang_is_installed() {
        let Some(otp) = OtpLibrary::discover() else {
            eprintln!("note: erl is not on PATH; skipped (the CI installs erlang-base)");
            return;
        };
        assert!(otp.find("lists").is_some());
        let search = SearchPath::new(Vec::new(), Some(otp));
        let lists = search.find("lists").unwrap().unwrap();
        // OTP's own lists, not girder's built-in one.
        assert!(lists.find_export("sort", 2).is_some());
    }
}
