//! The functions of `file` that OTP implements natively and its library
//! and Elixir's call at start-up: `file:get_cwd/0` and
//! `file:read_file_info/1,2`. They ask the operating system about the
//! file system (the working directory, a file's metadata); no file is
//! read. Their errors are `{error, Posix}`, as OTP's are.

use super::intern_term as intern;
use super::BifCtx;
use crate::exception::BifResult;
use crate::term::{atoms, build, Term};
use std::os::unix::fs::{FileTypeExt, MetadataExt};

/// The POSIX name of an error from the operating system, as OTP gives it
/// (`enoent`, `eacces`, …); `eio` for one it does not name.
fn posix_name(error: &std::io::Error) -> &'static str {
    match error.raw_os_error() {
        Some(libc::ENOENT) => "enoent",
        Some(libc::EACCES) => "eacces",
        Some(libc::EPERM) => "eperm",
        Some(libc::ENOTDIR) => "enotdir",
        Some(libc::EISDIR) => "eisdir",
        Some(libc::ELOOP) => "eloop",
        Some(libc::ENAMETOOLONG) => "enametoolong",
        Some(libc::ENOMEM) => "enomem",
        Some(libc::EINVAL) => "einval",
        Some(libc::EOVERFLOW) => "eoverflow",
        _ => "eio",
    }
}

fn error(ctx: &mut BifCtx<'_>, error: &std::io::Error) -> BifResult {
    let reason = intern(posix_name(error))?;
    Ok(build::tuple(&mut ctx.process.heap, &[Term::atom(atoms::ERROR), reason]))
}

/// A file name as OTP takes one: a string (a deep list of characters), a
/// binary (UTF-8) or an atom; `None` for anything else, or one holding NUL.
fn file_name(term: Term) -> Option<std::path::PathBuf> {
    let bytes = match term.as_atom() {
        Some(atom) => atom.name().as_bytes().to_vec(),
        None if crate::term::bits::is_binary(term) => build::iolist_to_bytes(term)?,
        None => super::os::chars_to_bytes(term)?,
    };
    if bytes.contains(&0) {
        return None;
    }
    let name = String::from_utf8(bytes).ok()?;
    Some(std::path::PathBuf::from(name))
}

/// `file:get_cwd/0`: `{ok, Dir}`, the working directory as a string, or
/// `{error, Posix}`.
pub fn get_cwd(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    match std::env::current_dir() {
        Ok(dir) => {
            let heap = &mut ctx.process.heap;
            let dir = build::string(heap, &dir.to_string_lossy());
            Ok(build::tuple(heap, &[Term::atom(atoms::OK), dir]))
        }
        Err(failure) => error(ctx, &failure),
    }
}

/// How times are given in a `#file_info{}`.
#[derive(Clone, Copy)]
enum TimeKind {
    Local,
    Universal,
    Posix,
}

/// `file:read_file_info/1`: as `read_file_info/2` with no options.
pub fn read_file_info(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    file_info(ctx, args[0], Term::NIL)
}

/// `file:read_file_info/2`: `{ok, #file_info{}}` for the file named (a
/// symbolic link followed), or `{error, Posix}`. The options are
/// `{time, local | universal | posix}` (local by default) and `raw`
/// (which changes nothing here). The record holds the size, the type
/// (`regular`, `directory`, `device`, `other`), the access the owner's
/// permission bits give (`read`, `write`, `read_write`, `none`), the three
/// times, the mode, the number of links, the device, the inode, the user
/// and the group. `{error, badarg}` for a name or an option OTP does not
/// take, as OTP answers.
pub fn read_file_info2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    file_info(ctx, args[0], args[1])
}

fn file_info(ctx: &mut BifCtx<'_>, name: Term, options: Term) -> BifResult {
    let bad_argument = |ctx: &mut BifCtx<'_>| {
        let reason = intern("badarg")?;
        Ok(build::tuple(&mut ctx.process.heap, &[Term::atom(atoms::ERROR), reason]))
    };
    let Some(path) = file_name(name) else { return bad_argument(ctx) };
    let Some(options) = build::list_to_vec(options) else { return bad_argument(ctx) };
    let mut time = TimeKind::Local;
    for option in options {
        match (option.as_atom().map(|atom| atom.name()), option.as_tuple()) {
            (Some("raw"), _) => {}
            (None, Some(&[key, value])) if key.as_atom().is_some_and(|key| key.name() == "time") => {
                time = match value.as_atom().map(|value| value.name()) {
                    Some("local") => TimeKind::Local,
                    Some("universal") => TimeKind::Universal,
                    Some("posix") => TimeKind::Posix,
                    _ => return bad_argument(ctx),
                };
            }
            _ => return bad_argument(ctx),
        }
    }
    let metadata = match std::fs::metadata(&path) {
        Ok(metadata) => metadata,
        Err(failure) => return error(ctx, &failure),
    };
    let file_type = metadata.file_type();
    let kind = if file_type.is_dir() {
        "directory"
    } else if file_type.is_file() {
        "regular"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "device"
    } else {
        "other"
    };
    let mode = metadata.mode();
    let access = match (mode & 0o400 != 0, mode & 0o200 != 0) {
        (true, true) => "read_write",
        (true, false) => "read",
        (false, true) => "write",
        (false, false) => "none",
    };
    let mut stamp = |seconds: i64| match time {
        TimeKind::Local => super::time::datetime_at(ctx, seconds, true),
        TimeKind::Universal => super::time::datetime_at(ctx, seconds, false),
        TimeKind::Posix => build::integer(&mut ctx.process.heap, seconds),
    };
    let (atime, mtime, ctime) = (stamp(metadata.atime()), stamp(metadata.mtime()), stamp(metadata.ctime()));
    let record = intern("file_info")?;
    let (kind, access) = (intern(kind)?, intern(access)?);
    let heap = &mut ctx.process.heap;
    let number = |heap: &mut crate::memory::heap::Heap, value: u64| {
        build::integer(heap, i64::try_from(value).unwrap_or(i64::MAX))
    };
    let size = number(heap, metadata.size());
    let fields = [
        record,
        size,
        kind,
        access,
        atime,
        mtime,
        ctime,
        number(heap, u64::from(mode)),
        number(heap, metadata.nlink()),
        number(heap, metadata.dev()),
        number(heap, metadata.rdev()),
        number(heap, metadata.ino()),
        number(heap, u64::from(metadata.uid())),
        number(heap, u64::from(metadata.gid())),
    ];
    let info = build::tuple(heap, &fields);
    Ok(build::tuple(heap, &[Term::atom(atoms::OK), info]))
}
